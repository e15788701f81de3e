// Package table holds traces column-wise with dictionary-encoded strings: senders,
// recipients, subjects and IPs repeat heavily, so each distinct string is stored once
// in a Dict shared by every Table of a store and rows hold 4-byte ids.
package table

import (
	"strings"
	"sync"
	"unsafe"
)

// Dict interns strings to dense uint32 ids. Id 0 is always the empty string.
// It is append-only and safe for concurrent use; readers that resolve many ids
// should take a View once instead of calling String per row.
//
// A new string is copied into blocks the Dict owns, so it never pins a larger
// buffer the caller sliced it from, and so that the garbage collector, which
// marks every live object on every cycle, sees one object per block rather than
// one per string: a store's dictionary holds hundreds of thousands.
type Dict struct {
	mu    sync.RWMutex
	ids   map[string]uint32
	strs  []string
	block []byte // the block being filled; its bytes are never written twice
}

// Strings of at most maxInBlock bytes are copied into blocks of blockSize.
const (
	blockSize  = 64 << 10
	maxInBlock = 1 << 10
)

// NewDict returns a dictionary holding only the empty string.
func NewDict() *Dict {
	return &Dict{ids: map[string]uint32{"": 0}, strs: []string{""}}
}

// ID returns the id of s, adding it if new.
func (d *Dict) ID(s string) uint32 {
	d.mu.RLock()
	id, ok := d.ids[s]
	d.mu.RUnlock()
	if ok {
		return id
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if id, ok := d.ids[s]; ok {
		return id
	}
	id = uint32(len(d.strs))
	s = d.own(s)
	d.strs = append(d.strs, s)
	d.ids[s] = id
	return id
}

// own returns a copy of s held by d; the caller holds the write lock.
func (d *Dict) own(s string) string {
	if len(s) > maxInBlock {
		return strings.Clone(s)
	}
	if cap(d.block)-len(d.block) < len(s) {
		d.block = make([]byte, 0, blockSize)
	}
	d.block = append(d.block, s...)
	b := d.block[len(d.block)-len(s):]
	return unsafe.String(unsafe.SliceData(b), len(b)) // immutable: appends only ever go past it
}

// IDBytes is ID of the string held in b; it copies b only when the string is new.
func (d *Dict) IDBytes(b []byte) uint32 {
	d.mu.RLock()
	id, ok := d.ids[string(b)] // no copy: the compiler looks up b in place
	d.mu.RUnlock()
	if ok {
		return id
	}
	return d.ID(string(b))
}

// Lookup returns the id of s without adding it.
func (d *Dict) Lookup(s string) (uint32, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	id, ok := d.ids[s]
	return id, ok
}

// String returns the string with the given id.
func (d *Dict) String(id uint32) string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.strs[id]
}

// Len is the number of distinct strings.
func (d *Dict) Len() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return len(d.strs)
}

// View returns a read-only snapshot of every string so far, indexed by id. Ids
// handed out before the call are all valid in the view; the view never changes.
func (d *Dict) View() []string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.strs[:len(d.strs):len(d.strs)]
}
