export { dealerStatement } from './dealer-statement';
export { invoice } from './invoice';
export { order } from './order';
export { refreshExchangeRates } from './exchange-rates';
export { vendorFulfillment } from './vendor-fulfillment';
export { vendorMailbox } from './vendor-mailbox';
export { onboarding } from './onboarding';
export { passwordReset } from './password-reset';
