// The rate query lives with its use cases (src/usecases/pricing); re-exported for the routes that read it.
export { latestUsdRate, usdRateInForce, type RateInForce, type UsdRate } from '../../usecases/pricing/exchange-rates.usecases';
