import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../db/seed/catalog';
import {
  catalogRefusal,
  checkLine,
  checkOrder,
  checkOrderAgainstStoredPolicies,
  EXAMPLE_POLICIES,
  missingAuthorisation,
  parseLicensePolicy,
  requiresDealerAuthorisation,
  POLICY_UNREADABLE_RULE_ID,
  type LicensePolicy,
  type PolicyContext,
  type PolicyLine,
} from '../../src/domain/license-policy';
import { checkRequisites } from '../../src/domain/requisites';

/** A valid policy, or the test fails with the text staff would see. */
function policy(document: unknown): LicensePolicy {
  const parsed = parseLicensePolicy(document);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.policy;
}
const only = (rule: Record<string, unknown>, unit?: string) => policy({ ...(unit ? { unit } : {}), rules: [rule] });

// A real, checksum-valid INN (ПАО Сбербанк); the test below makes sure it stays one.
const VALID_INN = '7707083893';

const context = (overrides: Partial<PolicyContext> = {}): PolicyContext => ({
  dealer: { authorizedVendors: ['KASP', 'MYOFF', 'ASCON'], segments: [] },
  endUser: { name: 'ООО «Ромашка»', inn: VALID_INN, region: 'Москва', email: 'it@romashka.example' },
  orderPartNumbers: [],
  ...overrides,
});
const line = (overrides: Partial<PolicyLine> = {}): PolicyLine => ({
  partNumber: 'KA8107S1Y-01',
  vendorCode: 'KASP',
  segment: 'commercial',
  quantity: 10,
  licenseType: 'new',
  ...overrides,
});
/** The messages the dealer sees for a line. */
const messages = (p: LicensePolicy, l: Partial<PolicyLine> = {}, c: Partial<PolicyContext> = {}) =>
  checkLine(p, line(l), context(c)).map((f) => f.message);

describe('license policy: the one check over stored policies', () => {
  const stored = (code: string, licensePolicy: unknown) => ({ code, name: `Вендор ${code}`, licensePolicy });
  const minTen = { rules: [{ id: 'min', title: 'Минимум 10', kind: 'min_quantity', min: 10 }] };

  it('checks each line against its vendor\'s stored policy, as checkOrder does with parsed ones', () => {
    const lines = [line({ quantity: 5 }), line({ partNumber: 'MO-1', vendorCode: 'MYOFF', quantity: 5 })];
    const viaStored = checkOrderAgainstStoredPolicies([stored('KASP', minTen), stored('MYOFF', { rules: [] })], lines, context());
    expect(viaStored).toEqual(checkOrder({ KASP: policy(minTen), MYOFF: policy({ rules: [] }) }, lines, context()));
    expect(viaStored.lines[0]!.map((f) => f.ruleId)).toEqual(['min']);
    expect(viaStored.ok).toBe(false);
  });

  it('lets no line of a vendor whose stored policy no longer parses pass, and names the vendor', () => {
    const lines = [line({ quantity: 50 }), line({ partNumber: 'MO-1', vendorCode: 'MYOFF', quantity: 5 }), line({ partNumber: 'KA-2', quantity: 60 })];
    const checked = checkOrderAgainstStoredPolicies([stored('KASP', { rules: [{ kind: 'no_such_rule' }] }), stored('MYOFF', { rules: [] })], lines, context());
    expect(checked.ok).toBe(false);
    expect(checked.lines[0]!.map((f) => [f.ruleId, f.field])).toEqual([[POLICY_UNREADABLE_RULE_ID, 'partNumber']]);
    expect(checked.lines[0]![0]!.message).toContain('Вендор KASP');
    expect(checked.lines[2]!.map((f) => f.ruleId)).toEqual([POLICY_UNREADABLE_RULE_ID]);
    expect(checked.lines[1]).toEqual([]);
  });

  it('refuses the lines of an unreadable policy even for an authorised dealer', () => {
    const checked = checkOrderAgainstStoredPolicies([stored('KASP', 'not a policy')], [line()], context());
    expect(checked.lines[0]!.map((f) => f.ruleId)).toEqual([POLICY_UNREADABLE_RULE_ID]);
  });
});

describe('license policy: quantity rules', () => {
  const min = only({ id: 'kasp-min-5', title: 'Минимальный заказ — 5 лицензий', kind: 'min_quantity', min: 5 });
  const max = only({ id: 'max-100', title: 'Не больше 100 узлов', kind: 'max_quantity', max: 100 }, 'node');
  const bands = only(
    { id: 'bands', title: 'Только диапазоны 10–14, 15–19 узлов', kind: 'quantity_bands', bands: [[15, 19], [10, 14]] },
    'node',
  );
  const gapped = only(
    { id: 'gapped', title: 'Диапазоны 10–14 и 20–24', kind: 'quantity_bands', bands: [[10, 14], [20, 24]], unit: 'user' },
    'node',
  );
  const multiple = only({ id: 'packs-5', title: 'Лицензии — пакетами по 5', kind: 'quantity_multiple', multiple: 5 });

  it('minimum quantity', () => {
    expect(messages(min, { quantity: 5 })).toEqual([]);
    expect(messages(min, { quantity: 40 })).toEqual([]);
    expect(checkLine(min, line({ quantity: 3 }), context())).toEqual([
      {
        ruleId: 'kasp-min-5',
        field: 'quantity',
        message: 'Правило «Минимальный заказ — 5 лицензий»: минимум 5 лицензий, а в строке 3; укажите 5 или больше',
        severity: 'error',
        fixes: [{ code: 'quantity.set', quantity: 5, reason: 'min' }],
      },
    ]);
  });

  it('maximum quantity, counted in the policy unit', () => {
    expect(messages(max, { quantity: 100 })).toEqual([]);
    expect(messages(max, { quantity: 101 })).toEqual([
      'Правило «Не больше 100 узлов»: максимум 100 узлов, а в строке 101; укажите 100 или меньше',
    ]);
  });

  it('license bands: a quantity inside a band passes, one outside is told the nearest allowed', () => {
    for (const quantity of [10, 12, 14, 15, 19]) expect(messages(bands, { quantity })).toEqual([]);
    expect(messages(bands, { quantity: 9 })).toEqual([
      'Правило «Только диапазоны 10–14, 15–19 узлов»: количество 9 не входит ни в один из диапазонов 10–14, 15–19 узлов; ближайшее допустимое — 10',
    ]);
    expect(messages(bands, { quantity: 25 })).toEqual([
      'Правило «Только диапазоны 10–14, 15–19 узлов»: количество 25 не входит ни в один из диапазонов 10–14, 15–19 узлов; ближайшее допустимое — 19',
    ]);
    // In a gap both neighbours are offered; the rule's own unit wins over the policy's.
    expect(messages(gapped, { quantity: 17 })).toEqual([
      'Правило «Диапазоны 10–14 и 20–24»: количество 17 не входит ни в один из диапазонов 10–14, 20–24 пользователей; ближайшие допустимые — 14 и 20',
    ]);
  });

  it('quantity multiples', () => {
    expect(messages(multiple, { quantity: 15 })).toEqual([]);
    expect(messages(multiple, { quantity: 12 })).toEqual([
      'Правило «Лицензии — пакетами по 5»: количество должно быть кратно 5, а в строке 12; ближайшие допустимые — 10 и 15',
    ]);
    expect(messages(multiple, { quantity: 3 })).toEqual([
      'Правило «Лицензии — пакетами по 5»: количество должно быть кратно 5, а в строке 3; ближайшее допустимое — 5',
    ]);
  });

  it('reports every rule a line breaks, each under its own id', () => {
    const both = policy({
      rules: [
        { id: 'min-10', title: 'Минимум 10', kind: 'min_quantity', min: 10 },
        { id: 'packs-5', title: 'Пакетами по 5', kind: 'quantity_multiple', multiple: 5 },
      ],
    });
    expect(checkLine(both, line({ quantity: 7 }), context()).map((f) => [f.ruleId, f.field])).toEqual([
      ['min-10', 'quantity'],
      ['packs-5', 'quantity'],
    ]);
  });
});

describe('license policy: renewal licence number', () => {
  const renewal = only({
    id: 'kasp-renewal',
    title: 'Продление — по номеру предыдущей лицензии',
    kind: 'renewal_license_number',
    pattern: '^\\d{4}-\\d{6}-\\d{6}$',
    example: '2317-250611-093412',
  });

  it('is required on renewals only, in the vendor format', () => {
    expect(messages(renewal, { licenseType: 'new' })).toEqual([]);
    expect(messages(renewal, { licenseType: 'renewal', previousLicenseNumber: '1234-567890-123456' })).toEqual([]);
    expect(messages(renewal, { licenseType: 'renewal', previousLicenseNumber: ' 1234-567890-123456 ' })).toEqual([]);
    expect(checkLine(renewal, line({ licenseType: 'renewal' }), context())).toEqual([
      {
        ruleId: 'kasp-renewal',
        field: 'previousLicenseNumber',
        message:
          'Правило «Продление — по номеру предыдущей лицензии»: для продления укажите номер предыдущей лицензии в формате вендора, например 2317-250611-093412',
        severity: 'error',
      },
    ]);
    expect(messages(renewal, { licenseType: 'renewal', previousLicenseNumber: '1234-56789-123456' })).toEqual([
      'Правило «Продление — по номеру предыдущей лицензии»: номер предыдущей лицензии «1234-56789-123456» не в формате вендора; номер должен выглядеть так: 2317-250611-093412',
    ]);
  });

  it('matches the whole number even when staff left out ^ and $', () => {
    const loose = only({ id: 'r', title: 'Номер из 4 цифр', kind: 'renewal_license_number', pattern: '\\d{4}', example: '1234' });
    expect(messages(loose, { licenseType: 'renewal', previousLicenseNumber: '1234' })).toEqual([]);
    expect(messages(loose, { licenseType: 'renewal', previousLicenseNumber: 'A12345' })).toHaveLength(1);
  });

  it('refuses an overlong number without running the staff-written pattern on it', () => {
    const nested = only({ id: 'r', title: 'Номер', kind: 'renewal_license_number', pattern: '(\\d+)+', example: '1234' });
    expect(messages(nested, { licenseType: 'renewal', previousLicenseNumber: '1'.repeat(101) })).toHaveLength(1);
  });
});

describe('license policy: upgrade base product', () => {
  const upgrade = only({
    id: 'ascon-upgrade',
    title: 'Апгрейд — с BIM Standard',
    kind: 'upgrade_base_product',
    basePartNumbers: ['AS9886S2Y-02', 'AS8910SPR-01'],
  });
  const up = { partNumber: 'AS1900APR-02', vendorCode: 'ASCON', licenseType: 'upgrade' as const };

  it('accepts a qualifying base bought in the same order or already licensed', () => {
    expect(messages(upgrade, { ...up, basePartNumber: 'AS9886S2Y-02' }, { orderPartNumbers: ['AS9886S2Y-02'] })).toEqual([]);
    // PartNumbers compare in normal form, as the catalog search does.
    expect(messages(upgrade, { ...up, basePartNumber: 'as 8910 spr-01' }, { licensedPartNumbers: ['AS8910SPR-01'] })).toEqual([]);
    expect(messages(upgrade, { ...up, licenseType: 'new' })).toEqual([]);
  });

  it('takes the base on trust where licensed products are not known, but not where they are known to be none', () => {
    expect(messages(upgrade, { ...up, basePartNumber: 'AS9886S2Y-02' })).toEqual([]);
    expect(messages(upgrade, { ...up, basePartNumber: 'AS9886S2Y-02' }, { licensedPartNumbers: [] })).toEqual([
      'Правило «Апгрейд — с BIM Standard»: базового продукта AS9886S2Y-02 нет ни в этом заказе, ни среди ранее купленных лицензий; добавьте AS9886S2Y-02 в заказ или укажите базовый продукт, лицензия на который уже есть',
    ]);
  });

  it('refuses a missing or non-qualifying base, naming the qualifying ones', () => {
    expect(checkLine(upgrade, line(up), context())).toEqual([
      {
        ruleId: 'ascon-upgrade',
        field: 'basePartNumber',
        message: 'Правило «Апгрейд — с BIM Standard»: для апгрейда укажите базовый продукт — один из: AS9886S2Y-02, AS8910SPR-01',
        severity: 'error',
        fixes: [
          { code: 'basePartNumber.set', basePartNumber: 'AS9886S2Y-02' },
          { code: 'basePartNumber.set', basePartNumber: 'AS8910SPR-01' },
        ],
      },
    ]);
    expect(messages(upgrade, { ...up, basePartNumber: 'AS0998S1Y-01' }, { orderPartNumbers: ['AS0998S1Y-01'] })).toEqual([
      'Правило «Апгрейд — с BIM Standard»: продукт AS0998S1Y-01 не даёт права на апгрейд; базовым может быть один из: AS9886S2Y-02, AS8910SPR-01',
    ]);
  });
});

describe('license policy: EDU/GOV segments and end-user fields', () => {
  const segment = only({ id: 'edu-gov', title: 'EDU и GOV — только для авторизованных дилеров', kind: 'segment_authorisation' });
  const edu = { partNumber: 'KA1635SPR-01', segment: 'edu' as const };

  it('uses a checksum-valid INN', () => {
    expect(checkRequisites({ inn: VALID_INN }).errors).toEqual([]);
  });

  it('leaves commercial products alone', () => {
    expect(messages(segment, {}, { endUser: null })).toEqual([]);
  });

  it('refuses EDU to a dealer not authorised for the segment', () => {
    expect(checkLine(segment, line(edu), context({ dealer: { authorizedVendors: ['KASP'], segments: ['GOV'] } }))).toEqual([
      {
        ruleId: 'edu-gov',
        field: 'partNumber',
        message:
          'Правило «EDU и GOV — только для авторизованных дилеров»: продукт для образования (EDU) может заказать только дилер с авторизацией вендора на этот сегмент; выберите коммерческую версию продукта или запросите авторизацию у вендора',
        severity: 'error',
      },
    ]);
  });

  it('with the authorisation, still wants the end user INN, and a valid one', () => {
    const authorised = { dealer: { authorizedVendors: ['KASP'], segments: ['EDU'] } };
    expect(messages(segment, edu, authorised)).toEqual([]);
    expect(checkLine(segment, line(edu), context({ ...authorised, endUser: { name: 'МБОУ СОШ № 1' } }))).toEqual([
      {
        ruleId: 'edu-gov',
        field: 'endUser.inn',
        message:
          'Правило «EDU и GOV — только для авторизованных дилеров»: для продукта для образования (EDU) укажите ИНН конечного пользователя — учебного заведения',
        severity: 'error',
      },
    ]);
    expect(messages(segment, { segment: 'gov' }, { dealer: { authorizedVendors: ['KASP'], segments: ['gov'] }, endUser: { inn: '7707083891' } })).toEqual([
      'Правило «EDU и GOV — только для авторизованных дилеров»: ИНН конечного пользователя указан с ошибкой (ИНН 7707083891: неверная контрольная цифра, должна быть 3)',
    ]);
  });

  it('required end-user fields, one finding per missing field', () => {
    const fields = only({ id: 'end-user', title: 'Регистрация на конечного пользователя', kind: 'end_user_fields', fields: ['name', 'inn', 'region', 'email'] });
    expect(messages(fields)).toEqual([]);
    expect(checkLine(fields, line(), context({ endUser: { name: '  ', inn: VALID_INN } })).map((f) => [f.field, f.message])).toEqual([
      ['endUser.name', 'Правило «Регистрация на конечного пользователя»: укажите наименование конечного пользователя'],
      ['endUser.region', 'Правило «Регистрация на конечного пользователя»: укажите регион конечного пользователя'],
      ['endUser.email', 'Правило «Регистрация на конечного пользователя»: укажите e-mail конечного пользователя'],
    ]);
    expect(messages(fields, {}, { endUser: undefined })).toEqual([
      'Правило «Регистрация на конечного пользователя»: укажите наименование конечного пользователя',
      'Правило «Регистрация на конечного пользователя»: укажите ИНН конечного пользователя',
      'Правило «Регистрация на конечного пользователя»: укажите регион конечного пользователя',
      'Правило «Регистрация на конечного пользователя»: укажите e-mail конечного пользователя',
    ]);
  });
});

describe('license policy: selectors', () => {
  const byPrefix = only({ id: 'ka81-min-20', title: 'Endpoint Security — от 20 узлов', kind: 'min_quantity', min: 20, appliesTo: { partNumberPrefixes: ['KA-81'] } }, 'node');

  it('applies a prefix rule to matching PartNumbers only', () => {
    expect(messages(byPrefix, { partNumber: 'KA8107S1Y-01', quantity: 10 })).toEqual([
      'Правило «Endpoint Security — от 20 узлов»: минимум 20 узлов, а в строке 10; укажите 20 или больше',
    ]);
    expect(messages(byPrefix, { partNumber: 'KA0661A2Y-01', quantity: 10 })).toEqual([]);
  });

  it('combines PartNumbers with segments and licence types', () => {
    const p = only({
      id: 'renewal-edu-min',
      title: 'Продление EDU — от 10',
      kind: 'min_quantity',
      min: 10,
      appliesTo: { partNumbers: ['KA1635SPR-01'], partNumberPrefixes: ['KA70'], segments: ['edu'], licenseTypes: ['renewal'] },
    });
    const hit = { partNumber: 'KA1635SPR-01', segment: 'edu' as const, licenseType: 'renewal' as const, quantity: 5 };
    expect(messages(p, hit)).toHaveLength(1);
    expect(messages(p, { ...hit, partNumber: 'KA7012SPR-01' })).toHaveLength(1);
    expect(messages(p, { ...hit, partNumber: 'KA8107S1Y-01' })).toEqual([]);
    expect(messages(p, { ...hit, segment: 'commercial' })).toEqual([]);
    expect(messages(p, { ...hit, licenseType: 'new' })).toEqual([]);
  });
});

describe('license policy: vendor authorisation and whole orders', () => {
  const kasp = policy(EXAMPLE_POLICIES.KASP);

  it('refuses a vendor whose policy requires authorisation to a dealer without it, with that finding alone', () => {
    expect(checkLine(kasp, line({ quantity: 3 }), context({ dealer: { authorizedVendors: ['MYOFF'], segments: [] } }))).toEqual([
      {
        ruleId: 'kasp-partners',
        field: 'partNumber',
        message:
          'Правило «Продажа только авторизованными партнёрами»: дилер не авторизован на продажу продукции KASP; уберите строку из заказа или запросите авторизацию у вендора',
        severity: 'error',
        fixes: [{ code: 'line.remove' }],
      },
    ]);
    // Codes compare ignoring case, as staff may type them.
    expect(checkLine(kasp, line({ quantity: 3 }), context({ dealer: { authorizedVendors: ['kasp'], segments: [] } })).map((f) => f.ruleId)).toEqual(['kasp-min-5', 'kasp-bands']);
  });

  it('lets a dealer with no authorised vendors sell every vendor whose policy does not require authorisation', () => {
    const newcomer = { dealer: { authorizedVendors: [], segments: [] } };
    expect(checkLine(policy(EXAMPLE_POLICIES.MYOFF), line({ partNumber: 'MY7270S2Y-01', vendorCode: 'MYOFF', quantity: 10 }), context(newcomer))).toEqual([]);
    expect(checkLine(policy({}), line({ vendorCode: 'DRWEB' }), context(newcomer))).toEqual([]);
    expect(checkLine(kasp, line(), context(newcomer)).map((f) => f.ruleId)).toEqual(['kasp-partners']);
  });

  it('reserves only the products a dealer_authorisation rule selects', () => {
    const eduOnly = only({ id: 'edu-partners', title: 'EDU — только партнёрам', kind: 'dealer_authorisation', appliesTo: { segments: ['edu'] } });
    const newcomer = context({ dealer: { authorizedVendors: [], segments: ['edu'] } });
    expect(checkLine(eduOnly, line(), newcomer)).toEqual([]);
    expect(checkLine(eduOnly, line({ segment: 'edu' }), newcomer).map((f) => f.ruleId)).toEqual(['edu-partners']);
    expect(missingAuthorisation(eduOnly, line({ segment: 'edu' }), { authorizedVendors: ['KASP'], segments: [] })).toBeUndefined();
  });

  it('answers the catalog with the same rule, in a few words naming the vendor', () => {
    const kaspersky = { code: 'KASP', name: 'Kaspersky', licensePolicy: EXAMPLE_POLICIES.KASP };
    const product = { partNumber: 'KA8107S1Y-01', segment: 'commercial' as const };
    expect(catalogRefusal(kaspersky, product, { authorizedVendors: [], segments: [] })).toBe('Нет авторизации на продажу «Kaspersky» — обратитесь к менеджеру');
    expect(catalogRefusal(kaspersky, product, { authorizedVendors: ['KASP'], segments: [] })).toBeUndefined();
    expect(catalogRefusal({ code: 'MYOFF', name: 'МойОфис', licensePolicy: EXAMPLE_POLICIES.MYOFF }, product, { authorizedVendors: [], segments: [] })).toBeUndefined();
    expect(catalogRefusal({ ...kaspersky, licensePolicy: { rules: 'broken' } }, product, { authorizedVendors: ['KASP'], segments: [] })).toContain('заданы с ошибкой');
    expect(requiresDealerAuthorisation(EXAMPLE_POLICIES.KASP)).toBe(true);
    expect(requiresDealerAuthorisation(EXAMPLE_POLICIES.MYOFF)).toBe(false);
    expect(requiresDealerAuthorisation({})).toBe(false);
  });

  it('checks each line against its own vendor; a vendor without a policy has no rules', () => {
    const office = policy(EXAMPLE_POLICIES.MYOFF);
    const lines: PolicyLine[] = [
      line({ quantity: 12 }),
      line({ partNumber: 'MY7270S2Y-01', vendorCode: 'MYOFF', quantity: 12 }),
      line({ partNumber: 'DR0001S1Y-01', vendorCode: 'DRWEB', quantity: 1 }),
    ];
    const result = checkOrder({ KASP: kasp, MYOFF: office }, lines, { dealer: context().dealer, endUser: context().endUser });
    expect(result.ok).toBe(false);
    expect(result.lines.map((findings) => findings.map((f) => f.ruleId))).toEqual([[], ['myoff-multiple-5'], []]);

    const fixed = checkOrder({ kasp, myoff: office }, lines.slice(0, 2).map((l) => ({ ...l, quantity: 10 })), { dealer: context().dealer, endUser: context().endUser });
    expect(fixed).toEqual({ lines: [[], []], ok: true });
  });

  it('finds an upgrade base among the other lines of the order', () => {
    const cad = policy(EXAMPLE_POLICIES.ASCON);
    const lines: PolicyLine[] = [
      line({ partNumber: 'AS9886S2Y-02', vendorCode: 'ASCON', quantity: 2 }),
      line({ partNumber: 'AS1900APR-02', vendorCode: 'ASCON', quantity: 2, licenseType: 'upgrade', basePartNumber: 'AS9886S2Y-02' }),
    ];
    const c = { dealer: context().dealer, endUser: context().endUser, licensedPartNumbers: [] };
    expect(checkOrder({ ASCON: cad }, lines, c).ok).toBe(true);
    expect(checkOrder({ ASCON: cad }, lines.slice(1), c).lines[0]!.map((f) => f.ruleId)).toEqual(['ascon-bim-upgrade']);
  });
});

describe('license policy documents', () => {
  it('the example policies validate and name PartNumbers of the demo catalog', () => {
    const catalog = new Set(buildCatalog().products.map((p) => `${p.vendorCode}/${p.partNumber}`));
    for (const [vendor, document] of Object.entries(EXAMPLE_POLICIES)) {
      const parsed = parseLicensePolicy(document);
      expect(parsed.ok ? 'valid' : parsed.message).toBe('valid');
      for (const rule of document.rules ?? []) {
        const named = [...(rule.appliesTo?.partNumbers ?? []), ...(rule.kind === 'upgrade_base_product' ? rule.basePartNumbers : [])];
        for (const pn of named) expect(catalog, `${vendor}/${pn}`).toContain(`${vendor}/${pn}`);
      }
    }
  });

  it('an empty document (the column default) is a policy without rules', () => {
    expect(parseLicensePolicy({})).toEqual({ ok: true, policy: { unit: 'license', rules: [] } });
  });

  /** The text staff see, one problem per line. */
  const problems = (document: unknown) => {
    const parsed = parseLicensePolicy(document);
    if (parsed.ok) throw new Error('the document was accepted');
    return parsed.message.split('\n');
  };
  const rule = (fields: Record<string, unknown>) => ({ rules: [{ id: 'kasp-rule', title: 'Правило', ...fields }] });

  it('refuses inverted and overlapping bands', () => {
    expect(problems(rule({ kind: 'quantity_bands', bands: [[5, 9], [20, 15]] }))).toEqual([
      '✖ правило «kasp-rule», поле bands[1]: диапазон 20–15 перевёрнут: начало больше конца',
    ]);
    expect(problems(rule({ kind: 'quantity_bands', bands: [[10, 14], [5, 10]] }))).toEqual([
      '✖ правило «kasp-rule», поле bands[0]: диапазоны 5–10 и 10–14 пересекаются; количество должно попадать ровно в один диапазон',
    ]);
    expect(problems(rule({ kind: 'quantity_bands', bands: [[5]] }))).toEqual([
      '✖ правило «kasp-rule», поле bands[0]: диапазон — пара чисел [от, до] включительно, например [10, 14]',
    ]);
  });

  it('refuses non-positive and fractional numbers', () => {
    expect(problems(rule({ kind: 'min_quantity', min: 0 }))).toEqual(['✖ правило «kasp-rule», поле min: нужно целое число больше нуля']);
    expect(problems(rule({ kind: 'quantity_multiple', multiple: 2.5 }))).toEqual([
      '✖ правило «kasp-rule», поле multiple: нужно целое число больше нуля',
    ]);
    expect(problems(rule({ kind: 'max_quantity', max: '100' }))).toEqual(['✖ правило «kasp-rule», поле max: ожидается число, а здесь строка']);
  });

  it('refuses a regex that does not compile, and an example that does not match it', () => {
    const [compile] = problems(rule({ kind: 'renewal_license_number', pattern: '(\\d{4}', example: '1234' }));
    expect(compile).toMatch(/^✖ правило «kasp-rule», поле pattern: регулярное выражение \(\\d\{4\} не компилируется: .*Unterminated group/);
    expect(problems(rule({ kind: 'renewal_license_number', pattern: '^\\d{4}-\\d{6}-\\d{6}$', example: '1234-5678' }))).toEqual([
      '✖ правило «kasp-rule», поле example: пример «1234-5678» не подходит под pattern; дилер увидит его как образец, исправьте pattern или пример',
    ]);
  });

  it('names unknown kinds, misspelt fields, bad ids and repeats, all at once', () => {
    expect(
      problems({
        unit: 'nodes',
        rules: [
          { id: 'kasp-min', title: 'Минимум', kind: 'min_qty', min: 5 },
          { id: 'kasp-min', title: 'Минимум', kind: 'min_quantity', minimum: 5 },
          { id: 'Kasp Max', title: '', kind: 'max_quantity', max: -1 },
          { id: 'vendor-authorisation', title: 'Поля', kind: 'end_user_fields', fields: ['inn', 'phone'] },
          { title: 'Без id', kind: 'segment_authorisation', appliesTo: { partNumbers: [], segment: ['edu'] } },
        ],
      }),
    ).toEqual([
      '✖ поле unit: значение "nodes" недопустимо; возможные: "license", "node", "user", "device", "seat", "core", "server"',
      '✖ правило «kasp-min», поле kind: неизвестный kind "min_qty"; возможные: min_quantity, max_quantity, quantity_bands, quantity_multiple, renewal_license_number, upgrade_base_product, segment_authorisation, dealer_authorisation, end_user_fields',
      '✖ правило «kasp-min», поле min: поле обязательно (число)',
      '✖ правило «kasp-min»: неизвестное поле «minimum»: проверьте написание',
      '✖ правило «Kasp Max», поле id: id — строчные латинские буквы, цифры и дефисы, например kasp-min-5',
      '✖ правило «Kasp Max», поле title: не может быть пустым',
      '✖ правило «Kasp Max», поле max: нужно целое число больше нуля',
      '✖ правило «vendor-authorisation», поле id: id «vendor-authorisation» зарезервирован за встроенной проверкой авторизации; выберите другой',
      '✖ правило «vendor-authorisation», поле fields[1]: значение "phone" недопустимо; возможные: "name", "inn", "region", "email"',
      '✖ правило №5 (без id), поле id: поле обязательно (строка)',
      '✖ правило №5 (без id), поле appliesTo.partNumbers: список не может быть пустым',
      '✖ правило №5 (без id), поле appliesTo: неизвестное поле «segment»: проверьте написание',
      '✖ правило «kasp-min», поле id: id «kasp-min» уже есть у другого правила; id правил не должны повторяться',
    ]);
  });

  it('gives each problem its rule id and JSON path for the editor to point at', () => {
    const parsed = parseLicensePolicy(rule({ kind: 'upgrade_base_product', basePartNumbers: ['AS9886S2Y-02', 'as-9886-s2y-02'] }));
    expect(parsed).toEqual({
      ok: false,
      issues: [
        {
          ruleId: 'kasp-rule',
          path: 'rules[0].basePartNumbers[1]',
          message: 'правило «kasp-rule», поле basePartNumbers[1]: as-9886-s2y-02 указан в списке дважды',
        },
      ],
      message: '✖ правило «kasp-rule», поле basePartNumbers[1]: as-9886-s2y-02 указан в списке дважды',
    });
    expect(problems(null)).toEqual(['✖ документ: ожидается объект { … }, а здесь null']);
    expect(problems({ rules: {} })).toEqual(['✖ поле rules: ожидается список [ … ], а здесь объект { … }']);
  });
});

describe('license policy: one-click fixes', () => {
  const fixesOf = (p: LicensePolicy, l: Partial<PolicyLine> = {}, c: Partial<PolicyContext> = {}) => checkLine(p, line(l), context(c)).map((f) => [f.ruleId, f.fixes]);
  const set = (quantity: number, reason: string) => ({ code: 'quantity.set', quantity, reason });

  it('offers the allowed quantity a quantity rule names: the minimum, the maximum, the nearest band or multiple', () => {
    expect(fixesOf(only({ id: 'min', title: 'Мин', kind: 'min_quantity', min: 5 }), { quantity: 3 })).toEqual([['min', [set(5, 'min')]]]);
    expect(fixesOf(only({ id: 'max', title: 'Макс', kind: 'max_quantity', max: 100 }), { quantity: 101 })).toEqual([['max', [set(100, 'max')]]]);
    const bands = only({ id: 'bands', title: 'Диапазоны', kind: 'quantity_bands', bands: [[10, 14], [20, 24]] });
    expect(fixesOf(bands, { quantity: 17 })).toEqual([['bands', [set(14, 'band'), set(20, 'band')]]]);
    expect(fixesOf(bands, { quantity: 3 })).toEqual([['bands', [set(10, 'band')]]]);
    expect(fixesOf(only({ id: 'x5', title: 'По 5', kind: 'quantity_multiple', multiple: 5 }), { quantity: 12 })).toEqual([['x5', [set(10, 'multiple'), set(15, 'multiple')]]]);
  });

  it('offers only quantities every quantity rule of the line allows', () => {
    const both = policy({
      rules: [
        { id: 'min-5', title: 'Минимум 5', kind: 'min_quantity', min: 5 },
        { id: 'x3', title: 'По 3', kind: 'quantity_multiple', multiple: 3 },
      ],
    });
    // 5 is no multiple of 3 and 3 is under the minimum: both findings offer 6.
    expect(fixesOf(both, { quantity: 4 })).toEqual([
      ['min-5', [set(6, 'min')]],
      ['x3', [set(6, 'multiple')]],
    ]);
    // Nothing passes a minimum of 10 and a maximum of 5: no button is better than a wrong one.
    const impossible = policy({
      rules: [
        { id: 'min-10', title: 'Минимум 10', kind: 'min_quantity', min: 10 },
        { id: 'max-5', title: 'Максимум 5', kind: 'max_quantity', max: 5 },
      ],
    });
    expect(fixesOf(impossible, { quantity: 7 })).toEqual([
      ['min-10', undefined],
      ['max-5', undefined],
    ]);
  });

  it('offers an upgrade’s base products when there are a few, and taking out a line the dealer may not sell', () => {
    const upgrade = only({ id: 'up', title: 'Апгрейд', kind: 'upgrade_base_product', basePartNumbers: ['BASE-1', 'BASE-2'] });
    expect(fixesOf(upgrade, { licenseType: 'upgrade' })).toEqual([['up', [{ code: 'basePartNumber.set', basePartNumber: 'BASE-1' }, { code: 'basePartNumber.set', basePartNumber: 'BASE-2' }]]]);
    const many = only({ id: 'up', title: 'Апгрейд', kind: 'upgrade_base_product', basePartNumbers: ['B-1', 'B-2', 'B-3', 'B-4'] });
    expect(fixesOf(many, { licenseType: 'upgrade' })).toEqual([['up', undefined]]);
    const reserved = only({ id: 'auth', title: 'Только партнёры', kind: 'dealer_authorisation' });
    expect(fixesOf(reserved, {}, { dealer: { authorizedVendors: [], segments: [] } })).toEqual([['auth', [{ code: 'line.remove' }]]]);
    // A renewal number is the dealer's to know: no fix.
    const renewal = only({ id: 'ren', title: 'Продление', kind: 'renewal_license_number', pattern: '^\\d{4}$', example: '1234' });
    expect(fixesOf(renewal, { licenseType: 'renewal' })).toEqual([['ren', undefined]]);
  });
});
