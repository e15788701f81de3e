package plugin

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/exotrace/messagetrace-datasource/pkg/lang"
	"github.com/exotrace/messagetrace-datasource/pkg/query"
	"github.com/exotrace/messagetrace-datasource/pkg/subject"
	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// tenantStopWords are the stop words of the tenant's languages, for keywords
// and campaign merging. With languages to detect it starts as the union of
// every supported language (nothing of any language reaches the top before the
// tenant is known) and narrows once the stored subjects name them.
type tenantStopWords struct {
	set   atomic.Pointer[lang.Set]
	langs atomic.Pointer[[]string]
}

func newTenantStopWords(langs []string) *tenantStopWords {
	sw := &tenantStopWords{}
	if len(langs) == 0 {
		sw.use(nil, lang.Languages())
	} else {
		sw.use(langs, langs)
	}
	return sw
}

// use sets the stop words of from; langs is what Languages reports (nil: not
// detected yet).
func (sw *tenantStopWords) use(langs, from []string) {
	s := lang.StopWords(from...)
	sw.set.Store(&s)
	sw.langs.Store(&langs)
}

// Languages are the languages in use; nil while they are still to be detected.
func (sw *tenantStopWords) Languages() []string { return *sw.langs.Load() }

// Word: the languages' stop words, plus the built-in reply prefixes.
func (sw *tenantStopWords) Word(w string) bool {
	return sw.set.Load().Has(strings.ReplaceAll(w, "’", "'")) || subject.Builtin.Word(w)
}

// Bigram: a CJK stop word of two characters, or a built-in topic-less bigram.
func (sw *tenantStopWords) Bigram(bg string) bool {
	return sw.set.Load().Has(bg) || subject.Builtin.Bigram(bg)
}

// minDetectSubjects is how many distinct subjects detection needs before its
// answer is trusted; a quieter range keeps the union.
const minDetectSubjects = 50

// detectingLoader is the engine's loader while the tenant's languages are to be
// detected: the first load with enough distinct subjects names them, and the
// engine drops the keywords it derived with the union. Later loads pass through.
type detectingLoader struct {
	query.Loader
	sw     *tenantStopWords
	engine func() *query.Engine
	mu     sync.Mutex
	done   atomic.Bool
}

func (l *detectingLoader) Load(ctx context.Context, req trace.Request) (table.Snapshot, error) {
	snap, err := l.Loader.Load(ctx, req)
	if err == nil && !l.done.Load() {
		l.detect(snap)
	}
	return snap, err
}

func (l *detectingLoader) detect(snap table.Snapshot) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done.Load() {
		return
	}
	subjects := distinctSubjects(snap)
	if len(subjects) < minDetectSubjects {
		return
	}
	langs := lang.Detect(subjects)
	if len(langs) == 0 {
		return
	}
	l.sw.use(langs, langs)
	l.done.Store(true)
	if e := l.engine(); e != nil {
		e.SetStopWords(l.sw) // keywords derived with the union are dropped
	}
}
