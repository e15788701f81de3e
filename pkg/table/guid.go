package table

import "encoding/hex"

// GUID is a trace id in canonical form held as its 16 bytes. Graph's trace ids
// are GUIDs unique per message, so interning them would cost a dictionary string
// and map slot per message for a value that never repeats across messages.
type GUID [16]byte

// guidHex are the offsets of the 16 hex-digit pairs in the 36-character form.
var guidHex = [16]uint8{0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34}

// ParseGUID reads s if it is a canonical GUID: 8-4-4-4-12 lower-case hex digits.
// Any other spelling (upper case, braces, no dashes) is refused, so that String
// gives back exactly s.
func ParseGUID(s string) (GUID, bool) {
	var g GUID
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return g, false
	}
	for i, at := range guidHex {
		hi, lo := unhex(s[at]), unhex(s[at+1])
		if hi|lo > 0xf {
			return GUID{}, false
		}
		g[i] = hi<<4 | lo
	}
	return g, true
}

// unhex is the value of a lower-case hex digit, or 0xff.
func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return 0xff
}

// String is the canonical form.
func (g GUID) String() string {
	var b [36]byte
	return string(g.Append(b[:0]))
}

// Append appends the canonical form to dst.
func (g GUID) Append(dst []byte) []byte {
	var b [36]byte
	hex.Encode(b[0:8], g[0:4])
	hex.Encode(b[9:13], g[4:6])
	hex.Encode(b[14:18], g[6:8])
	hex.Encode(b[19:23], g[8:10])
	hex.Encode(b[24:36], g[10:16])
	b[8], b[13], b[18], b[23] = '-', '-', '-', '-'
	return append(dst, b[:]...)
}
