export { dealerStatement } from './dealer-statement';
export { refreshExchangeRates } from './exchange-rates';
export { invoice } from './invoice';
export { order } from './order';
export { vendorFulfillment } from './vendor-fulfillment';
