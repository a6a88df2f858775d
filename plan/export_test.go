package plan

// What the workbook's tests (package plan_test, xlsx_test.go) share with
// the package's own: the workbook is written by report, which imports
// plan, so they cannot live inside package plan.
var (
	Showcase      = showcase
	MustMake      = mustMake
	BigEnterprise = bigEnterprise
)
