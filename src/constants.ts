export const PLUGIN_ID = 'exotrace-messagetrace-datasource';

/** The README section with the Entra ID steps, as Grafana shows it on the plugin's page. */
export const APP_REGISTRATION_HELP = `plugins/${PLUGIN_ID}?page=overview#microsoft-app-registration`;
