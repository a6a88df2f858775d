package report

// ReferenceJSON is referenceJSON for the tests of package report_test,
// which may import what imports report (pipeline).
var ReferenceJSON = referenceJSON
