package graph

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
)

// TraceAppID is Microsoft's first-party app whose service principal must exist in
// the tenant before Graph serves message traces.
const TraceAppID = "8bd644d1-64a1-4d4b-ae52-2e0cbf64e373"

const permissionHelp = "In the app registration open API permissions → Add a permission → Microsoft Graph → " +
	"Application permissions, add ExchangeMessageTrace.Read.All, then click Grant admin consent. " +
	"New grants can take a few minutes to apply."

// HealthError is a failure explained for the person fixing the settings.
type HealthError struct {
	Title   string // short, e.g. "Invalid client secret"
	Message string // what to do
	Err     error
}

func (e *HealthError) Error() string { return e.Title + ": " + e.Message }
func (e *HealthError) Unwrap() error { return e.Err }

// Explain turns an error from this package into an actionable message. It
// returns nil for nil. Messages never contain secrets: the errors they quote were
// redacted when they were made.
func Explain(err error) *HealthError {
	if err == nil {
		return nil
	}
	title, msg := explain(err)
	return &HealthError{Title: title, Message: msg, Err: err}
}

func explain(err error) (string, string) {
	var (
		v  *FieldError
		ae *AuthError
		ge *APIError
		be *BudgetError
		te *ThrottledError
		ne *NetworkError
	)
	switch {
	case errors.As(err, &v):
		return "Invalid settings", v.Error()
	case errors.As(err, &be):
		return "Request budget exhausted", fmt.Sprintf("This plugin has used its budget of %d message-trace requests per 5 minutes for the tenant. Try again in %s.",
			be.Limit, fmtSeconds(be.Wait))
	case errors.As(err, &te):
		return "Throttled by Microsoft Graph", fmt.Sprintf("Microsoft allows 100 message-trace requests per 5 minutes per tenant, shared by every tool that uses the API. "+
			"Try again in %s, and lower the request budget if other tools query message traces too.", fmtSeconds(te.Wait))
	case errors.As(err, &ae):
		return explainAuth(ae)
	case errors.As(err, &ge):
		return explainAPI(ge)
	case errors.As(err, &ne):
		return explainNetwork(ne)
	case errors.Is(err, context.DeadlineExceeded):
		return "Timed out", "Microsoft did not answer in time. Try again; if it persists, check the network path to Microsoft."
	case errors.Is(err, context.Canceled):
		return "Cancelled", "The request was cancelled before it finished."
	}
	return "Unexpected error", err.Error()
}

// explainAuth maps AADSTS codes of the token endpoint to fixes.
func explainAuth(e *AuthError) (string, string) {
	detail := " (" + e.Error() + ")"
	switch e.Code {
	case "AADSTS90002", "AADSTS900023":
		return "Tenant not found", "Microsoft Entra ID does not know this tenant. Set Tenant ID to the Directory (tenant) ID GUID, " +
			"or a verified domain, shown on the app registration's Overview page." + detail
	case "AADSTS700016":
		return "Application not found in tenant", "No application with this Client ID exists in the tenant. Copy the Application (client) ID " +
			"from the app registration's Overview page, and check the app is registered in the tenant given as Tenant ID." + detail
	case "AADSTS7000215":
		return "Invalid client secret", "The client secret is wrong. Paste the secret's Value (shown only right after it is created), not its Secret ID." + detail
	case "AADSTS7000222":
		return "Client secret expired", "Create a new client secret under Certificates & secrets in the app registration and paste its Value here." + detail
	case "AADSTS700027":
		if strings.Contains(strings.ToLower(e.Description), "expired") {
			return "Certificate expired", "Microsoft Entra ID reports the certificate as expired. Create a new certificate, upload it under Certificates & secrets, and paste it and its key here." + detail
		}
		return "Certificate not registered", "Microsoft Entra ID does not know this certificate for the app. Upload the certificate (public part) under Certificates & secrets " +
			"of the app registration, and make sure the private key here belongs to it." + detail
	case "AADSTS700024":
		return "Certificate assertion rejected", "The signed assertion is outside its valid time range: check this server's clock." + detail
	case "AADSTS65001":
		return "Permission not consented", "An administrator has not consented to the app's permissions. " + permissionHelp + detail
	case "AADSTS7000112":
		return "Application disabled", "The app registration or its enterprise application is disabled in the tenant; enable it." + detail
	case "AADSTS7000229":
		return "Application has no service principal", "The app has no enterprise application (service principal) in this tenant: grant admin consent to create it." + detail
	case "AADSTS53003":
		return "Blocked by Conditional Access", "A Conditional Access policy blocks this app's sign-in; exclude it or allow this server's location." + detail
	}
	if strings.Contains(e.Description, "ManagedIdentityCredential") {
		return "Managed identity unavailable", "No managed identity answered on this host. Run Grafana on an Azure resource with a managed identity, " +
			"or set the client ID of the user-assigned identity." + detail
	}
	if strings.Contains(e.Description, "WorkloadIdentityCredential") {
		return "Workload identity unavailable", "The federated token file could not be used; check the workload-identity setup of the pod." + detail
	}
	return "Authentication failed", "Microsoft Entra ID refused to issue a token; check Tenant ID, Client ID and the credential." + detail
}

// explainAPI maps Graph's answers to fixes.
func explainAPI(e *APIError) (string, string) {
	detail := " (" + e.Error() + ")"
	switch {
	case strings.Contains(e.Message, TraceAppID):
		return "Message trace service principal missing", "Microsoft Graph needs the service principal of Microsoft's app " + TraceAppID +
			" in your tenant. An administrator creates it once in PowerShell: Connect-MgGraph -Scopes Application.ReadWrite.All, then " +
			"New-MgServicePrincipal -AppId " + TraceAppID + ". Provisioning can take several hours; until then Graph answers 401." + detail
	case e.Status == http.StatusForbidden || e.Code == "Authorization_RequestDenied" || e.Code == "ErrorAccessDenied":
		return "Permission missing", "The app lacks ExchangeMessageTrace.Read.All or it is not consented. " + permissionHelp + detail
	case e.Status == http.StatusUnauthorized:
		return "Access token rejected", "Microsoft Graph did not accept the token. Check that the app has ExchangeMessageTrace.Read.All with admin consent. " + permissionHelp + detail
	case e.Status == http.StatusNotFound:
		return "Message trace API not found", "Check the Graph base URL. The message trace API exists only in Microsoft's global cloud." + detail
	case e.Status >= 500:
		return "Microsoft Graph unavailable", "Microsoft Graph failed repeatedly; try again later." + detail
	}
	return "Request rejected by Microsoft Graph", "Microsoft Graph refused the request." + detail
}

func explainNetwork(e *NetworkError) (string, string) {
	text := e.Err.Error()
	var dns *net.DNSError
	switch {
	case e.tlsVerification() || strings.Contains(text, "tls:"):
		return "TLS verification failed", "Could not verify the certificate of " + e.Host + ". If a TLS-inspecting proxy sits between Grafana and Microsoft, " +
			"paste the proxy's CA certificate into the CA certificate setting. (" + text + ")"
	case errors.As(e.Err, &dns) || strings.Contains(text, "no such host"):
		return "Host not found", "DNS cannot resolve " + e.Host + ". Check the server's DNS and the base URL settings. (" + text + ")"
	}
	return "Cannot reach Microsoft", "Could not connect to " + e.Host + ". Check that firewalls and proxies allow HTTPS to it. (" + text + ")"
}
