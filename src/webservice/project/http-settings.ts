// The HTTP settings of a service, as the project file writes them (the schema lives with the HTTP layer).
// String values may hold {{ params.NAME }} templates (API keys, passwords), filled when the connector opens.
export { HttpSettingsSchema as HttpServiceSchema } from '../../http/config.ts';
