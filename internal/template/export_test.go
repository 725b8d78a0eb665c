package template

// Splice is reparse for the tests: nil when the change takes the full parse.
var Splice = reparse
