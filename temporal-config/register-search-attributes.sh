#!/bin/sh
# Registers SID's search attributes on a Temporal server (docker-compose's temporal-setup service).
# Keep in step with src/workflows/search-attributes.ts; test/unit/deployment.test.ts checks it.
set -eu
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do sleep 2; done
for attribute in DealerId=Keyword OrderNumber=Keyword SettlementScheme=Keyword OrderStatus=Keyword VendorCodes=KeywordList; do
  name=${attribute%%=*}
  type=${attribute#*=}
  temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace default --name "$name" --type "$type" || true
done
