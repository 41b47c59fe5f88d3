import type { LicensePolicyDocument } from './policy.schema';

/**
 * Example policies, written as staff would write them into `vendors.license_policy`, for three
 * demo-catalog vendors (db/seed/catalog.ts): the PartNumbers are ones the demo seed creates.
 * They will seed the demo database; the tests check that they validate.
 */

/** An antivirus vendor: sold per node in price bands, renewals quote the old licence number, only through the partners it authorised. */
export const ANTIVIRUS_POLICY: LicensePolicyDocument = {
  unit: 'node',
  rules: [
    {
      id: 'kasp-min-5',
      title: 'Минимальный заказ — 5 узлов',
      kind: 'min_quantity',
      min: 5,
    },
    {
      id: 'kasp-bands',
      title: 'Лицензии продаются диапазонами узлов',
      kind: 'quantity_bands',
      bands: [[5, 9], [10, 14], [15, 19], [20, 24], [25, 49], [50, 99], [100, 249]],
      note: 'От 250 узлов — проектная цена по запросу вендору, не через каталог.',
    },
    {
      id: 'kasp-renewal-number',
      title: 'Продление — по номеру предыдущей лицензии',
      kind: 'renewal_license_number',
      pattern: '^\\d{4}-\\d{6}-\\d{6}$',
      example: '2317-250611-093412',
    },
    {
      id: 'kasp-edu-gov',
      title: 'EDU и GOV — только для авторизованных дилеров и с ИНН заказчика',
      kind: 'segment_authorisation',
    },
    {
      id: 'kasp-end-user',
      title: 'Лицензия регистрируется на конечного пользователя',
      kind: 'end_user_fields',
      fields: ['name', 'inn', 'region'],
    },
    {
      id: 'kasp-partners',
      title: 'Продажа только авторизованными партнёрами',
      kind: 'dealer_authorisation',
      note: 'Вендор авторизует партнёров сам; разрешение вносит менеджер в карточку дилера.',
    },
  ],
};

/** An office-suite vendor: licences in packs of 5, EDU only through authorised dealers. */
export const OFFICE_POLICY: LicensePolicyDocument = {
  unit: 'license',
  rules: [
    {
      id: 'myoff-multiple-5',
      title: 'Лицензии — пакетами по 5',
      kind: 'quantity_multiple',
      multiple: 5,
    },
    {
      id: 'myoff-max-500',
      title: 'Не больше 500 лицензий в строке: крупнее — проектная заявка',
      kind: 'max_quantity',
      max: 500,
    },
    {
      id: 'myoff-edu',
      title: 'EDU-лицензии — только для авторизованных дилеров, с ИНН учебного заведения',
      kind: 'segment_authorisation',
      appliesTo: { segments: ['edu'] },
    },
    {
      id: 'myoff-edu-contact',
      title: 'Для EDU нужен e-mail учебного заведения',
      kind: 'end_user_fields',
      fields: ['name', 'email'],
      appliesTo: { segments: ['edu'] },
    },
  ],
};

/** A CAD vendor: the BIM Advanced upgrade needs a BIM Standard or a perpetual CAD seat as its base. */
export const CAD_POLICY: LicensePolicyDocument = {
  unit: 'seat',
  rules: [
    {
      id: 'ascon-bim-upgrade',
      title: 'Апгрейд до BIM Advanced — с BIM Standard или бессрочной САПР Standard',
      kind: 'upgrade_base_product',
      appliesTo: { partNumbers: ['AS5904A1Y-02', 'AS1900APR-02'] },
      basePartNumbers: ['AS9886S2Y-02', 'AS8910SPR-01'],
    },
    {
      id: 'ascon-upgrade-seats',
      title: 'Апгрейд — не больше 50 рабочих мест в строке',
      kind: 'max_quantity',
      max: 50,
      appliesTo: { licenseTypes: ['upgrade'] },
    },
    {
      id: 'ascon-end-user',
      title: 'Лицензия оформляется на конечного пользователя',
      kind: 'end_user_fields',
      fields: ['name', 'inn'],
    },
  ],
};

/** By vendor code, as `vendors.code` in the demo catalog. */
export const EXAMPLE_POLICIES: Readonly<Record<string, LicensePolicyDocument>> = {
  KASP: ANTIVIRUS_POLICY,
  MYOFF: OFFICE_POLICY,
  ASCON: CAD_POLICY,
};
