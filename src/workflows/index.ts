export { dealerStatement } from './dealer-statement';
export { invoice } from './invoice';
export { order } from './order';
export { vendorFulfillment } from './vendor-fulfillment';
