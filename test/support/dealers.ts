import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { dealers, users } from '../../db/schema';
import { completeInn } from '../../src/domain/requisites';
import { hashPassword } from '../../src/infra/passwords';
import { freshMailbox } from './mail';
import { freshOrganisation } from './registrations';

export const FRESH_PASSWORD = 'fresh-dealer-password-2026';

/**
 * A dealer of the test's own, approved with the same terms as a demo dealer (scheme, group,
 * limit, authorisations), and its people, each with a mailbox on the run's dovecot. Tests that
 * count a dealer's orders, licences or money use one: the demo dealers are shared by every file
 * of the run.
 */
export async function freshDealerLike(db: Db, demoLogin: 'postpay@demo.sid' | 'prepay@demo.sid' | 'monthly@demo.sid', roles: Array<'dealer_admin' | 'dealer_user'> = ['dealer_admin']) {
  const [demoUser] = await db.select({ dealerId: users.dealerId }).from(users).where(eq(users.login, demoLogin));
  const [template] = await db.select().from(dealers).where(eq(dealers.id, demoUser!.dealerId!));
  const { id: _id, createdAt: _created, ...terms } = template!;
  const inn = completeInn(`77${randomBytes(4).readUInt32BE(0).toString().padStart(10, '0').slice(-7)}`);
  const contact = freshMailbox('dealer');
  const [dealer] = await db
    .insert(dealers)
    .values({ ...terms, inn, kpp: `${inn.slice(0, 4)}01001`, email: contact.address, shortName: `ООО «Тест ${inn}»`, fullName: `Общество с ограниченной ответственностью «Тест ${inn}»` })
    .returning({ id: dealers.id });
  const passwordHash = await hashPassword(FRESH_PASSWORD);
  const people = [];
  for (const role of roles) {
    const mailbox = freshMailbox(role === 'dealer_admin' ? 'admin' : 'user');
    await db.insert(users).values({ dealerId: dealer!.id, login: mailbox.address, passwordHash, role, fullName: role === 'dealer_admin' ? 'Админов Админ' : 'Менеджеров Менеджер', email: mailbox.address });
    people.push({ role, login: mailbox.address, mailbox });
  }
  return { dealerId: dealer!.id, people, password: FRESH_PASSWORD };
}

/**
 * An approved dealer with fresh requisites (`freshOrganisation`), written straight into the books,
 * and its people, each with a mailbox of its own (`mailbox` is the address's prefix); the first
 * person's address is the dealer's. Postpay with no price group unless `terms` say otherwise.
 */
export async function insertApprovedDealer(
  db: Db,
  input: { password: string; people: Array<{ role: 'dealer_admin' | 'dealer_user'; fullName: string; mailbox: string }>; terms?: Partial<typeof dealers.$inferInsert> },
) {
  const org = freshOrganisation();
  const mailboxes = input.people.map((person) => freshMailbox(person.mailbox));
  const [dealer] = await db
    .insert(dealers)
    .values({
      legalForm: org.legalForm,
      fullName: org.fullName,
      shortName: org.shortName,
      inn: org.inn,
      kpp: org.kpp,
      ogrn: org.ogrn,
      legalAddress: org.legalAddress,
      postalAddress: org.legalAddress,
      bankBik: org.bik,
      bankName: org.bankName,
      correspondentAccount: org.correspondentAccount,
      settlementAccount: org.settlementAccount,
      director: org.director,
      email: mailboxes[0]!.address,
      status: 'approved',
      settlementScheme: 'postpay',
      ...input.terms,
    })
    .returning({ id: dealers.id });
  const passwordHash = await hashPassword(input.password);
  const rows = await db
    .insert(users)
    .values(input.people.map((person, i) => ({ dealerId: dealer!.id, login: mailboxes[i]!.address, email: mailboxes[i]!.address, passwordHash, role: person.role, fullName: person.fullName })))
    .returning({ id: users.id, login: users.login });
  const people = mailboxes.map((mailbox) => ({ id: rows.find((row) => row.login === mailbox.address)!.id, login: mailbox.address, mailbox }));
  return { dealerId: dealer!.id, org, people };
}
