package columns

import "github.com/exotrace/messagetrace-datasource/pkg/trace"

// Keys returns every selected row's value of d as a key, and the names of all keys:
// key k is spelled names[k]. Keys index dense arrays (memo, group slots), which is
// what keeps filtering and grouping free of maps and string work per row.
func (sel *Selection) Keys(r Rows, d Dimension) (keys []uint32, names []string) {
	switch d {
	case DimStatus:
		return statusKeys(Gather(r, ColStatus)), statusNames
	case DimSizeBucket:
		sizes := Gather(r, ColSize)
		out := make([]uint32, len(sizes))
		for i, s := range sizes {
			out[i] = sizeBucket(s)
		}
		return out, sizeBucketNames
	case DimDirection:
		return sel.directions(r), directionNames
	case DimSenderDomain, DimRecipientDomain:
		ids := Gather(r, dictColumn(d))
		addrs := sel.Cache.Addresses(sel.View)
		for i, id := range ids {
			ids[i], _ = addrs.Info(id)
		}
		return ids, sel.Cache.derived.View()
	case DimSubjectTemplate:
		ids := sel.Templates(r)
		return ids, sel.Cache.derived.View()
	case DimFromCountry, DimToCountry:
		return sel.countries(r, d), countryNames
	case DimFromAsn, DimFromOrg, DimToAsn, DimToOrg:
		return sel.networks(r, d), sel.Cache.derived.View()
	case DimID:
		return sel.idKeys(r)
	}
	return Gather(r, dictColumn(d)), sel.View
}

// KeySpace is keys without the names, for counting distinct values: trace ids
// would be spelled for nothing.
func (sel *Selection) KeySpace(r Rows, d Dimension) (keys []uint32, space int) {
	if d == DimID {
		c := idCodes(r)
		return c.keys, c.distinct
	}
	keys, names := sel.Keys(r, d)
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
func (sel *Selection) directions(r Rows) []uint32 {
	senders, recipients := Gather(r, ColSender), Gather(r, ColRecipient)
	addrs := sel.Cache.Addresses(sel.View)
	for i := range senders {
		_, sa := addrs.Info(senders[i])
		_, ra := addrs.Info(recipients[i])
		senders[i] = direction(sa, ra)
	}
	return senders
}

// Templates returns the subject template id of every selected row.
func (sel *Selection) Templates(r Rows) []uint32 {
	ids := Gather(r, ColSubject)
	subjects := sel.Cache.subjects(sel.View)
	subjects.prefill(ids)
	for i, id := range ids {
		ids[i] = subjects.template(id)
	}
	return ids
}

// Messages keeps the first row of each messageId. Rows without a messageId count
// as messages of their own.
func (sel *Selection) Messages(r Rows) Rows {
	seen := make([]bool, len(sel.View))
	return r.Where(ColMessageID, func(id uint32) bool {
		first := id == 0 || !seen[id]
		seen[id] = true
		return first
	})
}

// ExternalSenders keeps the rows whose sender is outside the accepted domains.
func (sel *Selection) ExternalSenders(r Rows) Rows {
	addrs := sel.Cache.Addresses(sel.View)
	return r.Where(ColSender, func(s uint32) bool {
		_, accepted := addrs.Info(s)
		return !accepted
	})
}
