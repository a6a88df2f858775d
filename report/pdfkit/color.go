package pdfkit

import "math"

// RGB is a colour, each part 0..255.
type RGB struct{ R, G, B int }

// The page furniture's colours. Variables, so that a cell can point at
// one (Cell.Color, Cell.Fill); nothing assigns them.
var (
	Text     = RGB{33, 37, 41}
	Muted    = RGB{108, 117, 125}
	Rule     = RGB{206, 212, 218}
	HeadFill = RGB{52, 73, 94} // table header rows
	Zebra    = RGB{246, 248, 250}
	Label    = RGB{236, 240, 244} // the label cells of label/value pairs
	Accent   = RGB{31, 78, 121}   // section headings
	white    = RGB{255, 255, 255}
)

// Tint mixes c with white; f is the share of white (0..1).
func Tint(c RGB, f float64) RGB {
	m := func(v int) int { return int(math.Round(float64(v) + (255-float64(v))*f)) }
	return RGB{m(c.R), m(c.G), m(c.B)}
}
