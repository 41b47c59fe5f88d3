import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { documents } from '../../../db/schema';
import type { DocumentKind } from '../../domain/invoice';
import type { BlobStore } from '../../infra/blob-store';

/** A document's file and what its row says of it. */
export interface DocumentFile {
  dealerId: string;
  /** Null for a document of no single order (a monthly consolidated invoice). */
  orderId: string | null;
  kind: DocumentKind;
  /** 1C's number and date; null for files 1C does not number (the key archive). */
  number?: string | null;
  documentDate?: string | null;
  blobKey: string;
  contentType: string;
  content: Buffer;
}

/**
 * Files a document: its bytes into the blob store, its row into `documents`. Filing the same
 * document again (a retried activity) replaces both, so the row always describes the bytes
 * stored. An order has one document of each kind; a document of no order is known by its blob key.
 */
export async function fileDocument(db: Db, blobStore: BlobStore, file: DocumentFile): Promise<{ documentId: string; sizeBytes: number }> {
  const { content, ...described } = file;
  await blobStore.put(file.blobKey, content);
  const values = {
    ...described,
    number: file.number ?? null,
    documentDate: file.documentDate ?? null,
    sizeBytes: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
  };
  const replaced = { number: values.number, documentDate: values.documentDate, blobKey: values.blobKey, contentType: values.contentType, sizeBytes: values.sizeBytes, sha256: values.sha256 };
  if (file.orderId !== null) {
    const [doc] = await db.insert(documents).values(values).onConflictDoUpdate({ target: [documents.orderId, documents.kind], set: replaced }).returning({ id: documents.id });
    return { documentId: doc!.id, sizeBytes: values.sizeBytes };
  }
  const [existing] = await db.select({ id: documents.id }).from(documents).where(eq(documents.blobKey, file.blobKey));
  const [doc] = existing
    ? await db.update(documents).set(replaced).where(eq(documents.id, existing.id)).returning({ id: documents.id })
    : await db.insert(documents).values(values).returning({ id: documents.id });
  return { documentId: doc!.id, sizeBytes: values.sizeBytes };
}
