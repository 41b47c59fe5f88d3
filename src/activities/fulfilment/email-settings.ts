import { emailAdapterSettingsSchema, type EmailAdapterSettings } from '../../usecases/vendors/adapter-settings';

// The schema lives with the other adapter kinds' (adapter-settings.ts); mail ingestion imports it from here.
export { emailAdapterSettingsSchema, type EmailAdapterSettings };

// Our request's Message-ID is a pure rule of the vendor-mail domain; fulfilment and ingestion import it from here as before.
export { parseRequestMessageId, requestMessageId } from '../../domain/vendor-mail';
