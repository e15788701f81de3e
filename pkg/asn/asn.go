// Package asn maps IP addresses to the autonomous system announcing them: its
// number and organisation, for the fromAsn / fromOrg / toAsn / toOrg dimensions
// and filters. It ships ip-location-db's open ASN database (CC BY 4.0, see
// NOTICE) and reads a MaxMind GeoLite2-ASN file or a CSV of the same layout.
package asn

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"

	"github.com/exotrace/messagetrace-datasource/pkg/geo"
	"github.com/exotrace/messagetrace-datasource/pkg/iprange"
)

// Network is an autonomous system.
type Network struct {
	ASN uint32 // e.g. 8075
	Org string // e.g. "Microsoft Corporation"
}

// Resolver tells the network of an address. Implementations are safe for
// concurrent use and give stable answers (the engine may cache them).
type Resolver interface {
	// Network returns the AS holding ip, or false when none is known, including
	// for every private and reserved address.
	Network(ip netip.Addr) (Network, bool)
}

// Table is an immutable IP-to-AS table.
type Table struct {
	ix   *iprange.Index[uint32] // index into nets
	nets []Network
}

// Network implements Resolver.
func (t *Table) Network(ip netip.Addr) (Network, bool) {
	if !geo.Public(ip) {
		return Network{}, false
	}
	i, ok := t.ix.Lookup(ip)
	if !ok {
		return Network{}, false
	}
	return t.nets[i], true
}

// Len is the number of segments.
func (t *Table) Len() int { return t.ix.Len() }

// LineError is a problem at one line of an input file.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

func (e *LineError) Unwrap() error { return e.Err }

// LoadCSV reads start_ip,end_ip,asn,organisation records (ip-location-db's asn
// layout; the organisation may be quoted and hold commas). Where merged routing
// data has crossing ranges, the range starting later wins. Readers are read in
// turn into one table, so the IPv4 and IPv6 files load together. A header line
// and '#' comments are ignored; AS 0 marks unannounced space and is skipped.
func LoadCSV(ctx context.Context, readers ...io.Reader) (*Table, error) {
	b := builder{ids: map[Network]uint32{}}
	for n, r := range readers {
		if err := b.read(ctx, r, n); err != nil {
			return nil, err
		}
	}
	if len(b.blocks) == 0 {
		return nil, errors.New("no AS ranges found: expected lines of start_ip,end_ip,asn,organisation")
	}
	ix, err := iprange.NewLenient(b.blocks, b.where)
	if err != nil {
		return nil, err
	}
	return &Table{ix: ix, nets: b.nets}, nil
}

type builder struct {
	blocks []iprange.Block[uint32]
	lines  []int32 // of each block; file numbers where a new reader starts
	starts []int   // first block index of each reader
	nets   []Network
	ids    map[Network]uint32
}

// where names block i in errors: its line, and its file when several were read.
func (b *builder) where(i int) string {
	file := 0
	for f, start := range b.starts {
		if i >= start {
			file = f
		}
	}
	if file == 0 {
		return fmt.Sprintf("line %d", b.lines[i])
	}
	return fmt.Sprintf("file %d line %d", file+1, b.lines[i])
}

func (b *builder) read(ctx context.Context, r io.Reader, _ int) error {
	b.starts = append(b.starts, len(b.blocks))
	cr := csv.NewReader(r)
	cr.FieldsPerRecord, cr.Comment, cr.ReuseRecord = -1, '#', true
	for n := 0; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading the CSV: %w", err)
		}
		if n%4096 == 0 && ctx.Err() != nil {
			return fmt.Errorf("reading the CSV: %w", ctx.Err())
		}
		line, _ := cr.FieldPos(0)
		blk, net, skip, err := parse(rec, n == 0)
		if err != nil {
			return &LineError{Line: line, Err: err}
		}
		if skip {
			continue
		}
		id, ok := b.ids[net]
		if !ok {
			id = uint32(len(b.nets))
			b.ids[net] = id
			b.nets = append(b.nets, net)
		}
		blk.Value = id
		b.blocks, b.lines = append(b.blocks, blk), append(b.lines, int32(line))
	}
}

func parse(rec []string, first bool) (blk iprange.Block[uint32], net Network, skip bool, err error) {
	if len(rec) < 3 {
		return blk, net, false, fmt.Errorf("want start_ip,end_ip,asn,organisation, got %d field(s)", len(rec))
	}
	from, ferr := netip.ParseAddr(strings.TrimSpace(rec[0]))
	if ferr != nil && first {
		return blk, net, true, nil // a header
	}
	if ferr != nil {
		return blk, net, false, fmt.Errorf("bad start address %q", rec[0])
	}
	to, err := netip.ParseAddr(strings.TrimSpace(rec[1]))
	if err != nil {
		return blk, net, false, fmt.Errorf("bad end address %q", rec[1])
	}
	n, err := strconv.ParseUint(strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(rec[2])), "AS"), 10, 32)
	if err != nil {
		return blk, net, false, fmt.Errorf("AS number %q is not a whole number", rec[2])
	}
	if n == 0 {
		return blk, net, true, nil
	}
	net = Network{ASN: uint32(n)}
	if len(rec) > 3 {
		net.Org = strings.TrimSpace(strings.Join(rec[3:], ",")) // an unquoted name with commas
	}
	blk = iprange.Block[uint32]{From: from, To: to}
	return blk, net, false, blk.Check()
}

// gunzip wraps r when gz is set.
func gunzip(r io.Reader, gz bool) (io.Reader, func() error, error) {
	if !gz {
		return r, func() error { return nil }, nil
	}
	z, err := gzip.NewReader(r)
	if err != nil {
		return nil, nil, err
	}
	return z, z.Close, nil
}
