// Package grpchost launches a built plugin binary exactly as Grafana's server does
// (hashicorp go-plugin with the SDK's handshake and plugin set, gRPC only) and calls
// it over gRPC. Tests use it to exercise the real binary without a Grafana server.
package grpchost

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

// Host is one running plugin process and its gRPC clients.
type Host struct {
	client      *goplugin.Client
	diagnostics grpcplugin.DiagnosticsClient
	data        grpcplugin.DataClient
	resource    grpcplugin.ResourceClient
	logs        *bytes.Buffer
}

// Options configure the launch.
type Options struct {
	// GrafanaVersion is passed as GF_VERSION, as Grafana does.
	GrafanaVersion string
	// Env adds variables (e.g. GF_PLUGIN_* from the [plugin.<id>] ini section).
	Env []string
	// Logger receives the plugin's logs; nil logs at warn level to stderr.
	Logger hclog.Logger
}

// ExecutableName is the file name Grafana looks for: <executable>_<goos>_<goarch>.
func ExecutableName(executable string) string {
	name := fmt.Sprintf("%s_%s_%s", executable, runtime.GOOS, strings.ToLower(runtime.GOARCH))
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	return name
}

// Start launches the binary at path and dispenses the clients Grafana uses.
func Start(path string, opts Options) (*Host, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("resolving plugin path: %w", err)
	}
	clearStandaloneFiles(filepath.Dir(abs))
	if opts.GrafanaVersion == "" {
		opts.GrafanaVersion = "12.3.0"
	}
	logs := &bytes.Buffer{}
	logger := opts.Logger
	if logger == nil {
		logger = hclog.New(&hclog.LoggerOptions{Name: "plugin", Level: hclog.Warn, Output: io.MultiWriter(os.Stderr, logs)})
	}
	cmd := exec.Command(abs)
	// SkipHostEnv gives exact control of the environment (the host's own variables
	// would otherwise override ours, and GF_PLUGIN_GRPC_ADDRESS_* would switch the
	// binary into its standalone locator mode).
	cmd.Env = append([]string{
		"GF_VERSION=" + opts.GrafanaVersion,
		"GF_EDITION=Open Source",
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + os.Getenv("HOME"),
	}, opts.Env...)
	client := goplugin.NewClient(&goplugin.ClientConfig{
		Cmd: cmd,
		HandshakeConfig: goplugin.HandshakeConfig{
			ProtocolVersion:  grpcplugin.ProtocolVersion,
			MagicCookieKey:   grpcplugin.MagicCookieKey,
			MagicCookieValue: grpcplugin.MagicCookieValue,
		},
		VersionedPlugins: map[int]goplugin.PluginSet{
			grpcplugin.ProtocolVersion: {
				"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
				"resource":    &grpcplugin.ResourceGRPCPlugin{},
				"data":        &grpcplugin.DataGRPCPlugin{},
				"stream":      &grpcplugin.StreamGRPCPlugin{},
			},
		},
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		Logger:           logger,
		SkipHostEnv:      true,
		StartTimeout:     time.Minute,
	})
	h := &Host{client: client, logs: logs}
	if err := h.dispense(); err != nil {
		client.Kill()
		return nil, err
	}
	return h, nil
}

func (h *Host) dispense() error {
	rpc, err := h.client.Client()
	if err != nil {
		return fmt.Errorf("starting plugin: %w", err)
	}
	if v := h.client.NegotiatedVersion(); v < grpcplugin.ProtocolVersion {
		return fmt.Errorf("plugin negotiated protocol %d, need %d", v, grpcplugin.ProtocolVersion)
	}
	var ok bool
	raw, err := rpc.Dispense("diagnostics")
	if err != nil {
		return fmt.Errorf("dispensing diagnostics: %w", err)
	}
	if h.diagnostics, ok = raw.(grpcplugin.DiagnosticsClient); !ok {
		return errors.New("diagnostics client has the wrong type")
	}
	if raw, err = rpc.Dispense("data"); err != nil {
		return fmt.Errorf("dispensing data: %w", err)
	}
	if h.data, ok = raw.(grpcplugin.DataClient); !ok {
		return errors.New("data client has the wrong type")
	}
	if raw, err = rpc.Dispense("resource"); err != nil {
		return fmt.Errorf("dispensing resource: %w", err)
	}
	if h.resource, ok = raw.(grpcplugin.ResourceClient); !ok {
		return errors.New("resource client has the wrong type")
	}
	return nil
}

// Stop kills the plugin process the way Grafana does.
func (h *Host) Stop() { h.client.Kill() }

// Crash kills the plugin process with SIGKILL (kill -9): no shutdown, no
// deferred work, as when the kernel's OOM killer or a node failure ends it.
func (h *Host) Crash() error {
	rc := h.client.ReattachConfig()
	if rc == nil || rc.Pid == 0 {
		return errors.New("plugin process id unknown")
	}
	p, err := os.FindProcess(rc.Pid)
	if err != nil {
		return fmt.Errorf("finding plugin process: %w", err)
	}
	if err := p.Kill(); err != nil {
		return fmt.Errorf("killing plugin process: %w", err)
	}
	for !h.client.Exited() {
		time.Sleep(5 * time.Millisecond)
	}
	return nil
}

// Exited reports whether the process has gone.
func (h *Host) Exited() bool { return h.client.Exited() }

// Logs returns what the plugin logged so far (at the logger's level).
func (h *Host) Logs() string { return h.logs.String() }

// CheckHealth calls the Diagnostics service.
func (h *Host) CheckHealth(ctx context.Context, pc backend.PluginContext) (*backend.CheckHealthResult, error) {
	res, err := h.diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{PluginContext: backend.ToProto().PluginContext(pc)})
	if err != nil {
		return nil, fmt.Errorf("CheckHealth: %w", err)
	}
	return backend.FromProto().CheckHealthResponse(res), nil
}

// QueryData calls the Data service and decodes the frames.
func (h *Host) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	res, err := h.data.QueryData(ctx, backend.ToProto().QueryDataRequest(req))
	if err != nil {
		return nil, fmt.Errorf("QueryData: %w", err)
	}
	return backend.FromProto().QueryDataResponse(res)
}

// Response is a whole CallResource answer.
type Response struct {
	Status  int
	Headers map[string][]string
	Body    []byte
}

// CallResource calls the Resource service and joins the streamed chunks.
func (h *Host) CallResource(ctx context.Context, req *backend.CallResourceRequest) (*Response, error) {
	stream, err := h.resource.CallResource(ctx, backend.ToProto().CallResourceRequest(req))
	if err != nil {
		return nil, fmt.Errorf("CallResource: %w", err)
	}
	var out *Response
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("CallResource stream: %w", err)
		}
		r := backend.FromProto().CallResourceResponse(chunk)
		if out == nil {
			out = &Response{Status: r.Status, Headers: r.Headers}
		}
		out.Body = append(out.Body, r.Body...)
	}
	if out == nil {
		return nil, errors.New("CallResource: empty response (Grafana answers 500)")
	}
	return out, nil
}

// clearStandaloneFiles removes the files that would make the binary act as a
// locator for a standalone debug server instead of serving.
func clearStandaloneFiles(dir string) {
	for _, f := range []string{"standalone.txt", "pid.txt"} {
		_ = os.Remove(filepath.Join(dir, f))
	}
}
