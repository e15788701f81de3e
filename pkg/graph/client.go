package graph

import (
	"net/http"
	"net/url"
	"runtime"
	"sync"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Client reads message traces from Microsoft Graph v1.0 with app-only
// credentials. It is safe for concurrent use; create one per data-source instance
// and Close it when the instance is disposed.
type Client struct {
	http      *http.Client
	closeIdle func()
	creds     *credentials
	base      *url.URL // Graph base URL
	loginHost string
	redact    redactor
	clk       clock
	maxWait   time.Duration

	budget    *budget // holds this client's limit registration
	slots     slots   // where requests take slots: budget, or a shared one
	budgetReg uint64
	cleanup   runtime.Cleanup
	closeOnce sync.Once
}

var _ trace.Source = (*Client)(nil)

// GraphScope is the token scope: Microsoft Graph's resource, whatever base URL
// the requests go to (Entra refuses a proxy's URL as a resource).
const GraphScope = "https://graph.microsoft.com/.default"

// New validates cfg and builds a Client. No request is made; use Probe to test
// the settings. Errors name the setting to fix.
func New(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, withSource(err)
	}
	hc, closeIdle, err := newHTTPClient(cfg)
	if err != nil {
		return nil, withSource(err)
	}
	red := newRedactor(cfg.ClientSecret)
	creds, err := newCredentials(cfg, hc)
	if err != nil {
		return nil, withSource(&FieldError{Field: "Auth", Reason: "cannot be set up: " + red.apply(err.Error())})
	}
	base, _ := url.Parse(cfg.GraphBaseURL) // validated above
	login, _ := url.Parse(cfg.LoginBaseURL)
	c := &Client{
		http: hc, closeIdle: closeIdle, creds: creds, base: base, loginHost: login.Host,
		redact: red, clk: clock{now: cfg.Now, sleep: cfg.Sleep, jitter: cfg.Jitter}, maxWait: cfg.MaxWait,
		budget: sharedBudget(cfg.TenantID, cfg.GraphBaseURL),
	}
	c.budgetReg = c.budget.register(cfg.RequestBudget)
	c.slots = local{c.budget}
	if cfg.SharedBudget != nil {
		c.slots = shared{cfg.SharedBudget, c.budget}
	}
	// A Client that is dropped without Close must not pin its limit forever.
	c.cleanup = runtime.AddCleanup(c, func(r budgetRegistration) { r.b.unregister(r.id) }, budgetRegistration{c.budget, c.budgetReg})
	return c, nil
}

type budgetRegistration struct {
	b  *budget
	id uint64
}

// Close withdraws this Client's request budget from the tenant's shared budget.
func (c *Client) Close() {
	c.closeOnce.Do(func() {
		c.cleanup.Stop()
		c.budget.unregister(c.budgetReg)
		c.closeIdle()
	})
}

func (c *Client) newWaiter() *waiter { return &waiter{left: c.maxWait} }
