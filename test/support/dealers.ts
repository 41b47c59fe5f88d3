import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { dealers, users } from '../../db/schema';
import { completeInn } from '../../src/domain/requisites';
import { hashPassword } from '../../src/infra/passwords';
import { freshMailbox } from './mail';

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
