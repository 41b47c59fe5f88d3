import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as workflows from '../../src/workflows';
import * as dealerStatement from '../../src/workflows/billing/dealer-statement.contract';
import * as keyResend from '../../src/workflows/delivery/key-resend.contract';
import * as licenseRenewal from '../../src/workflows/licenses/license-renewal.contract';
import * as onboarding from '../../src/workflows/accounts/onboarding.contract';
import * as order from '../../src/workflows/orders/order.contract';
import * as passwordReset from '../../src/workflows/accounts/password-reset.contract';
import * as reconciliationMail from '../../src/workflows/documents/reconciliation-mail.contract';
import * as webhookDelivery from '../../src/workflows/webhooks/webhook-delivery.contract';
import * as vendorMailboxWatch from '../../src/workflows/mail/vendor-mailbox-watch.contract';

// The layering docs/architecture.md describes, checked on the import graph: what a reader is told
// about where things live stays true as the code grows.

const repo = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** A module's relative imports (type-only ones too), resolved to files of the repository. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((i) => i.fileName)
    .filter((name) => name.startsWith('.'))
    .flatMap((name) => {
      const base = resolve(dirname(file), name);
      const found = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base].find((candidate) => existsSync(candidate) && /\.tsx?$/.test(candidate));
      return found ? [found] : [];
    });
}

const files = ['src', 'db', 'scripts'].flatMap((root) => sourceFiles(join(repo, root)));
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const rel = (file: string) => relative(repo, file);

/** Every cycle of the graph, once each, as the list of its files (Tarjan's strongly connected components). */
function cycles(): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indices.get(next)!));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(rel(member));
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (!indices.has(file)) visit(file);
  return found;
}

const importers = (layer: string, target: (file: string) => boolean) =>
  [...graph].filter(([file]) => rel(file).startsWith(layer)).flatMap(([file, imports]) => imports.filter(target).map((to) => `${rel(file)} → ${rel(to)}`));

describe('architecture', () => {
  it('has no import cycles, type-only imports included', () => {
    expect(cycles()).toEqual([]);
  });

  it('lets the API and the activities reach workflows only through their contracts', () => {
    const workflowCode = (file: string) => rel(file).startsWith('src/workflows/') && !/\.contract\.ts$|search-attributes\.ts$/.test(file);
    expect([...importers('src/api/', workflowCode), ...importers('src/activities/', workflowCode), ...importers('src/usecases/', workflowCode)]).toEqual([]);
  });

  it('keeps the domain free of I/O and of the other layers', () => {
    const outside = (file: string) => !rel(file).startsWith('src/domain/');
    // The requisite checks still word their findings with the server's locale; the locale step of
    // the architecture issue replaces them with codes, as the password policy's already are. No other may be added.
    const known = ['src/domain/requisites/messages.ts → src/locale/ru.ts'];
    expect(importers('src/domain/', outside).filter((edge) => !known.includes(edge))).toEqual([]);
    const io = [...graph.keys()].filter((file) => rel(file).startsWith('src/domain/') && /from ['"](node:|postgres|drizzle-orm|fastify|@temporalio)/.test(readFileSync(file, 'utf8')));
    expect(io.map(rel)).toEqual([]);
  });

  it('keeps activities an adapter: neither routes nor use cases call into them', () => {
    // Activities are the workflows' steps over the use cases; what a route needs lives in a use case,
    // src/documents, src/infra or src/domain. The staff decisions on a vendor letter still read the
    // letter through the mail activities' parser; that edge is the one left, and none may be added.
    const known = ['src/api/mail/vendor-mail.routes.ts → src/activities/mail/inbound-mail.ts'];
    const activity = (file: string) => rel(file).startsWith('src/activities/');
    expect([...importers('src/api/', activity), ...importers('src/usecases/', activity)].filter((edge) => !known.includes(edge))).toEqual([]);
  });

  it('keeps use cases and repositories free of the HTTP layer, but for the request types its contracts declare', () => {
    // A use case is called by routes and activities alike: it refuses with a UseCaseError, never an
    // HttpError, and knows nothing of Fastify. It may take a request's shape as a type from the
    // route's zod contract, which is declared once.
    const edges = sourceFiles(join(repo, 'src/usecases')).flatMap((file) => {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
      return source.statements.filter(ts.isImportDeclaration).flatMap((statement) => {
        const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
        const target = relative(repo, resolve(dirname(file), specifier));
        const typeOnly = statement.importClause?.isTypeOnly === true;
        if (specifier === 'fastify' || specifier.startsWith('@fastify/')) return [`${rel(file)} → ${specifier}`];
        if (!specifier.startsWith('.') || !target.startsWith('src/api/')) return [];
        return typeOnly && /\.schemas$/.test(target) ? [] : [`${rel(file)} → ${target}`];
      });
    });
    expect(edges).toEqual([]);
  });

  it('gives the web app the API’s answer shapes only as types from the routes’ schemas', () => {
    const web = sourceFiles(join(repo, 'src/web'));
    const edges = web.flatMap((file) => {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
      return source.statements.filter(ts.isImportDeclaration).flatMap((statement) => {
        const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
        const target = relative(repo, resolve(dirname(file), specifier));
        if (!specifier.startsWith('.') || !target.startsWith('src/api/')) return [];
        const typeOnly = statement.importClause?.isTypeOnly === true;
        return typeOnly && /\.schemas$/.test(target) ? [] : [`${rel(file)} → ${target}${typeOnly ? '' : ' (not type-only)'}`];
      });
    });
    expect(edges).toEqual([]);
    // …and it does take them: the dealer pages' answers are typed by the schemas.
    expect(readFileSync(join(repo, 'src/web/app/api.ts'), 'utf8')).toMatch(/from '\.\.\/\.\.\/api\/orders\/order\.schemas'/);
  });

  it('names each workflow type in its contract as the worker registers it', () => {
    const contracts = {
      dealerStatement: dealerStatement.dealerStatementWorkflowType,
      keyResend: keyResend.keyResendWorkflowType,
      licenseRenewal: licenseRenewal.licenseRenewalWorkflowType,
      onboarding: onboarding.onboardingWorkflowType,
      order: order.orderWorkflowType,
      passwordReset: passwordReset.passwordResetWorkflowType,
      reconciliationMail: reconciliationMail.reconciliationMailWorkflowType,
      webhookDelivery: webhookDelivery.webhookDeliveryWorkflowType,
      vendorMailboxWatch: vendorMailboxWatch.vendorMailboxWatchWorkflowType,
    };
    for (const [exported, typeName] of Object.entries(contracts)) {
      expect(typeName).toBe(exported);
      expect(typeof (workflows as Record<string, unknown>)[typeName]).toBe('function');
    }
    // The signatures in the contracts are the workflows' own (checked by the type checker).
    const signatures: [
      dealerStatement.DealerStatementWorkflow,
      keyResend.KeyResendWorkflow,
      licenseRenewal.LicenseRenewalWorkflow,
      onboarding.OnboardingWorkflow,
      order.OrderWorkflow,
      passwordReset.PasswordResetWorkflow,
      reconciliationMail.ReconciliationMailWorkflow,
      webhookDelivery.WebhookDeliveryWorkflow,
      vendorMailboxWatch.VendorMailboxWatchWorkflow,
    ] = [workflows.dealerStatement, workflows.keyResend, workflows.licenseRenewal, workflows.onboarding, workflows.order, workflows.passwordReset, workflows.reconciliationMail, workflows.webhookDelivery, workflows.vendorMailboxWatch];
    expect(signatures).toHaveLength(9);
  });
});
