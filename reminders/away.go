package reminders

import (
	"slices"

	"kinerjabot/kinerja"
)

// Away is cal with the days a person declared away ("Saya cuti / dinas
// luar hari ini": waiting for their atasan or confirmed, any kind) taken
// off as well: on those days they have acted, so no reminder comes and no
// day counts as missed, dinas luar included. It is the reminders' calendar
// only: the minutes target reads leave as confirmed (a waiting declaration
// and dinas luar leave the target as it is).
func Away(cal kinerja.Calendar, declared []kinerja.Date) kinerja.Calendar {
	if len(declared) == 0 {
		return cal
	}
	leave := slices.Clip(cal.Leave)
	for _, d := range declared {
		leave = append(leave, kinerja.LeaveSpan{Mulai: d, Selesai: d, Jenis: kinerja.LeaveDeclared})
	}
	cal.Leave = leave
	return cal
}
