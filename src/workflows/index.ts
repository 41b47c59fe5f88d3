export { order } from './order';
export { vendorFulfillment } from './vendor-fulfillment';
