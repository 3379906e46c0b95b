package store

// ReportAssessorsSQL is the statement a card job reads a report's
// assessors with, for the store_test package to look at its plan.
const ReportAssessorsSQL = pgReportAssessorsSQL
