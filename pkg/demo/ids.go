package demo

import (
	"encoding/binary"
	"encoding/hex"
	"strconv"
)

// A trace id is a random version-4 GUID that also carries the UTC hour its
// message was generated in, XOR-masked by its own random half so ids still look
// random. Details decodes the hour and regenerates just that hour.

const idSalt = 0x2545f4914f6cdd1d

func newID(r *rng, hour int64) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], r.next())
	binary.BigEndian.PutUint64(b[8:], r.next())
	b[6] = 0x40 | b[6]&0x0f // version 4
	b[8] = 0x80 | b[8]&0x3f // RFC 4122 variant
	mask := uint32(mix64(binary.BigEndian.Uint64(b[8:]) ^ idSalt))
	binary.BigEndian.PutUint32(b[:4], uint32(hour)^mask)
	return formatGUID(b)
}

func formatGUID(b [16]byte) string {
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}

// hourOfID returns the UTC hour index embedded in a demo trace id.
func hourOfID(id string) (int64, bool) {
	if len(id) != 36 || id[8] != '-' || id[13] != '-' || id[18] != '-' || id[23] != '-' {
		return 0, false
	}
	var b [16]byte
	for _, p := range [...]struct{ s, d, n int }{{0, 0, 4}, {9, 4, 2}, {14, 6, 2}, {19, 8, 2}, {24, 10, 6}} {
		if _, err := hex.Decode(b[p.d:p.d+p.n], []byte(id[p.s:p.s+2*p.n])); err != nil {
			return 0, false
		}
	}
	if b[6]>>4 != 4 || b[8]>>6 != 2 {
		return 0, false
	}
	mask := uint32(mix64(binary.BigEndian.Uint64(b[8:]) ^ idSalt))
	return int64(binary.BigEndian.Uint32(b[:4]) ^ mask), true
}

// Message-ID headers look like what the sending system would write: Exchange
// Online for the company and for partners hosted on Microsoft 365, a
// hex-and-domain form for other servers.
const (
	exoJP = "TYCP286MB"
	exoUS = "BY5PR11MB"
)

func exoMessageID(r *rng, prefix, forest string) string {
	srv := strconv.Itoa(1000 + r.intn(9000))
	var h [8]byte
	binary.BigEndian.PutUint64(h[:], r.next())
	return "<" + prefix + srv + upperHex(h[:]) + "@" + prefix + srv + "." + forest + ".PROD.OUTLOOK.COM>"
}

func externalMessageID(r *rng, domain string) string {
	var h [12]byte
	binary.BigEndian.PutUint64(h[:8], r.next())
	binary.BigEndian.PutUint32(h[8:], uint32(r.next()))
	return "<" + hex.EncodeToString(h[:]) + "@" + domain + ">"
}

func upperHex(b []byte) string {
	const digits = "0123456789ABCDEF"
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&15]
	}
	return string(out)
}
