package query

import "github.com/exotrace/messagetrace-datasource/pkg/trace"

// keys returns every selected row's value of d as a key, and the names of all keys:
// key k is spelled names[k]. Keys index dense arrays (memo, group slots), which is
// what keeps filtering and grouping free of maps and string work per row.
func (x *run) keys(r rows, d Dimension) (keys []uint32, names []string) {
	switch d {
	case DimStatus:
		return statusKeys(gather(r, colStatus)), statusNames
	case DimSizeBucket:
		sizes := gather(r, colSize)
		out := make([]uint32, len(sizes))
		for i, s := range sizes {
			out[i] = sizeBucket(s)
		}
		return out, sizeBucketNames
	case DimDirection:
		return x.directions(r), directionNames
	case DimSenderDomain, DimRecipientDomain:
		ids := gather(r, dictColumn(d))
		addrs := x.cache.addresses(x.view)
		for i, id := range ids {
			ids[i], _ = addrs.info(id)
		}
		return ids, x.cache.derived.View()
	case DimSubjectTemplate:
		ids := x.templates(r)
		return ids, x.cache.derived.View()
	case DimFromCountry, DimToCountry:
		return x.countries(r, d), countryNames
	case DimID:
		return x.idKeys(r)
	}
	return gather(r, dictColumn(d)), x.view
}

// keySpace is keys without the names, for counting distinct values: trace ids
// would be spelled for nothing.
func (x *run) keySpace(r rows, d Dimension) (keys []uint32, space int) {
	if d == DimID {
		c := idCodes(r)
		return c.keys, c.distinct
	}
	keys, names := x.keys(r, d)
	return keys, len(names)
}

func statusKeys(st []trace.Status) []uint32 {
	out := make([]uint32, len(st))
	for i, s := range st {
		if int(s) < len(statusNames) {
			out[i] = uint32(s)
		}
	}
	return out
}

// directions derives each row's direction from the accepted flags of both addresses.
func (x *run) directions(r rows) []uint32 {
	senders, recipients := gather(r, colSender), gather(r, colRecipient)
	addrs := x.cache.addresses(x.view)
	for i := range senders {
		_, sa := addrs.info(senders[i])
		_, ra := addrs.info(recipients[i])
		senders[i] = direction(sa, ra)
	}
	return senders
}

// templates returns the subject template id of every selected row.
func (x *run) templates(r rows) []uint32 {
	ids := gather(r, colSubject)
	subjects := x.cache.subjects(x.view)
	subjects.prefill(ids)
	for i, id := range ids {
		ids[i] = subjects.template(id)
	}
	return ids
}
