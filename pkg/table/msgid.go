package table

import (
	"encoding/binary"
	"strings"
)

// MessageIDs is a Message-ID column held outside the shared dictionary. A
// Message-ID is unique per message, so interning it costs a map slot and a
// slice header per message (72 B) for a string that is never shared across
// messages; here each distinct Message-ID of a table is stored once, encoded,
// in the table's own byte arena, and rows hold its offset.
//
// The encoding keeps what repeats and packs what does not: the part after '@'
// (the sending host, e.g. "TYCP286MB1234.JPNPRD01.PROD.OUTLOOK.COM") is a
// dictionary id; the part before it loses the host's first label when it starts
// with it (as Exchange Online's ids do), and its runs of hex digits of one case,
// which make up most generated ids, are packed two digits a byte. It is exact:
// String gives back the input byte for byte, and equal strings encode to equal
// bytes on one Dict, so Key can stand for the string in maps.
type MessageIDs struct {
	data []byte
	off  []uint32 // per row: start of its encoding in data
	// seen maps an encoding to its offset while the table is built, so rows of
	// one message (one per recipient) share it; Seal drops it.
	seen map[string]uint32
}

// Encoding flags, the first byte of an encoding after its length.
const (
	msgAngle  = 1 << 0 // "<" and ">" around the id were stripped
	msgDomain = 1 << 1 // a dictionary id of the part after the last '@' follows
	// The local part starts with the host's first label, left out. Exchange
	// Online writes "<SERVERhex@SERVER.forest.PROD.OUTLOOK.COM>".
	msgHostPrefix = 1 << 2
)

// minHostPrefix is the shortest first label worth a flag.
const minHostPrefix = 4

// Segment kinds in the high two bits of a segment header; the low six bits
// count bytes (literal) or digit pairs (hex), 1..63.
const (
	segLiteral  = 0 << 6
	segLowerHex = 1 << 6
	segUpperHex = 2 << 6
	segMax      = 63
	minHexRun   = 4 // shorter runs stay literal: a header would cost what packing saves
)

// Len is the number of rows.
func (m *MessageIDs) Len() int { return len(m.off) }

// Bytes is the memory the column holds (by capacity).
func (m *MessageIDs) Bytes() int64 { return int64(cap(m.data)) + 4*int64(cap(m.off)) }

// Append adds a row; the host part is interned in d.
func (m *MessageIDs) Append(s string, d *Dict) {
	var scratch [96]byte
	enc := encodeMessageID(scratch[:0], s, d)
	if m.seen == nil {
		m.seen = map[string]uint32{}
	}
	if at, ok := m.seen[string(enc)]; ok {
		m.off = append(m.off, at)
		return
	}
	at := uint32(len(m.data))
	m.data = append(m.data, enc...)
	m.seen[string(m.data[at:])] = at
	m.off = append(m.off, at)
}

// Seal ends building: it drops the de-duplication map and trims the arena.
func (m *MessageIDs) Seal() {
	m.seen = nil
	m.data = trim(m.data)
	m.off = trim(m.off)
}

// Key is the encoding of row i: equal for equal Message-IDs of one Dict, so it
// can key distinct counts and memos. It aliases the column; do not modify it.
func (m *MessageIDs) Key(i int) []byte {
	b := m.data[m.off[i]:]
	n, w := binary.Uvarint(b)
	return b[w : w+int(n)]
}

// SameAs reports whether rows i and j hold the same Message-ID (an offset
// comparison: rows of one table share an encoding).
func (m *MessageIDs) SameAs(i, j int) bool { return m.off[i] == m.off[j] }

// String decodes row i; view is d.View() taken after the row was added.
func (m *MessageIDs) String(i int, view []string) string {
	return string(m.AppendString(nil, i, view))
}

// AppendString appends the Message-ID of row i to dst.
func (m *MessageIDs) AppendString(dst []byte, i int, view []string) []byte {
	return decodeMessageID(dst, m.Key(i), view)
}

// encodeMessageID appends [uvarint length][flags][host id][segments] to dst.
func encodeMessageID(dst []byte, s string, d *Dict) []byte {
	var body [96]byte
	b := body[:0]
	flags := byte(0)
	if len(s) >= 2 && s[0] == '<' && s[len(s)-1] == '>' {
		flags |= msgAngle
		s = s[1 : len(s)-1]
	}
	local := s
	var host uint32
	if at := strings.LastIndexByte(s, '@'); at >= 0 {
		flags |= msgDomain
		local, host = s[:at], d.ID(s[at+1:])
		if label := firstLabel(s[at+1:]); len(label) >= minHostPrefix && strings.HasPrefix(local, label) {
			flags |= msgHostPrefix
			local = local[len(label):]
		}
	}
	b = append(b, flags)
	if flags&msgDomain != 0 {
		b = binary.AppendUvarint(b, uint64(host))
	}
	b = appendSegments(b, local)
	dst = binary.AppendUvarint(dst, uint64(len(b)))
	return append(dst, b...)
}

// appendSegments encodes s as literal and packed-hex segments.
func appendSegments(b []byte, s string) []byte {
	lit := 0 // start of the pending literal
	for i := 0; i < len(s); {
		kind, n := hexRun(s[i:])
		if n < minHexRun {
			i++
			continue
		}
		b = appendLiteral(b, s[lit:i])
		for n >= 2 {
			pairs := min(n/2, segMax)
			b = append(b, kind|byte(pairs))
			for k := 0; k < pairs; k++ {
				b = append(b, unhexAny(s[i])<<4|unhexAny(s[i+1]))
				i += 2
			}
			n -= 2 * pairs
		}
		lit = i // an odd last digit starts the next literal
	}
	return appendLiteral(b, s[lit:])
}

func appendLiteral(b []byte, s string) []byte {
	for len(s) > 0 {
		n := min(len(s), segMax)
		b = append(b, segLiteral|byte(n))
		b = append(b, s[:n]...)
		s = s[n:]
	}
	return b
}

// hexRun measures the run of hex digits of one case at the start of s: digits
// with either lower-case or upper-case letters, never both.
func hexRun(s string) (kind byte, n int) {
	kind = segLowerHex
	letter := false
	for n < len(s) {
		c := s[n]
		switch {
		case '0' <= c && c <= '9':
		case 'a' <= c && c <= 'f' && (!letter || kind == segLowerHex):
			letter, kind = true, segLowerHex
		case 'A' <= c && c <= 'F' && (!letter || kind == segUpperHex):
			letter, kind = true, segUpperHex
		default:
			return kind, n
		}
		n++
	}
	return kind, n
}

func unhexAny(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func decodeMessageID(dst, b []byte, view []string) []byte {
	flags := b[0]
	b = b[1:]
	var host string
	if flags&msgDomain != 0 {
		id, w := binary.Uvarint(b)
		host, b = view[id], b[w:]
	}
	if flags&msgAngle != 0 {
		dst = append(dst, '<')
	}
	if flags&msgHostPrefix != 0 {
		dst = append(dst, firstLabel(host)...)
	}
	for len(b) > 0 {
		h := b[0]
		n := int(h & segMax)
		b = b[1:]
		switch h &^ segMax {
		case segLiteral:
			dst = append(dst, b[:n]...)
		case segLowerHex:
			dst = appendHex(dst, b[:n], "0123456789abcdef")
		default:
			dst = appendHex(dst, b[:n], "0123456789ABCDEF")
		}
		b = b[n:]
	}
	if flags&msgDomain != 0 {
		dst = append(dst, '@')
		dst = append(dst, host...)
	}
	if flags&msgAngle != 0 {
		dst = append(dst, '>')
	}
	return dst
}

// firstLabel is host up to its first '.'.
func firstLabel(host string) string {
	if i := strings.IndexByte(host, '.'); i >= 0 {
		return host[:i]
	}
	return host
}

func appendHex(dst, b []byte, digits string) []byte {
	for _, c := range b {
		dst = append(dst, digits[c>>4], digits[c&15])
	}
	return dst
}
