package geo

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/oschwald/maxminddb-golang/v2"
)

// MMDB resolves countries from a MaxMind DB file: a MaxMind GeoLite2 / GeoIP2
// Country, City or Enterprise database, or an ip-location-db country database.
type MMDB struct {
	db   *maxminddb.Reader
	info Info
}

// countryRecord holds the fields that name a country in the layouts we read:
// MaxMind's country (where the address is used) and registered_country (where
// it is registered, the fallback), and ip-location-db's flat country_code.
type countryRecord struct {
	Country struct {
		ISOCode string `maxminddb:"iso_code"`
	} `maxminddb:"country"`
	Registered struct {
		ISOCode string `maxminddb:"iso_code"`
	} `maxminddb:"registered_country"`
	CountryCode string `maxminddb:"country_code"`
}

// OpenMMDB reads a MaxMind DB held in memory. name says where it came from, for
// health messages.
func OpenMMDB(b []byte, name string) (*MMDB, error) {
	db, err := maxminddb.OpenBytes(b)
	if err != nil {
		return nil, fmt.Errorf("%s is not a MaxMind DB (.mmdb) file: %w", name, err)
	}
	typ := db.Metadata.DatabaseType
	lower := strings.ToLower(typ)
	if !strings.Contains(lower, "country") && !strings.Contains(lower, "city") && !strings.Contains(lower, "enterprise") {
		_ = db.Close()
		return nil, fmt.Errorf("%s is a %q database: use a Country or City database (such as GeoLite2-Country)", name, typ)
	}
	info := Info{Source: name, Format: "MMDB " + typ, Built: time.Unix(int64(db.Metadata.BuildEpoch), 0).UTC()}
	return &MMDB{db: db, info: info}, nil
}

// Country implements Resolver.
func (m *MMDB) Country(ip netip.Addr) (string, bool) {
	ip = ip.Unmap()
	if !Public(ip) {
		return "", false
	}
	var rec countryRecord
	if err := m.db.Lookup(ip).Decode(&rec); err != nil {
		return "", false
	}
	for _, c := range []string{rec.Country.ISOCode, rec.Registered.ISOCode, rec.CountryCode} {
		if code, ok := Code(c); ok {
			return code, true
		}
	}
	return "", false
}

// Info implements Database.
func (m *MMDB) Info() Info { return m.info }
