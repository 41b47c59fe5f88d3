import AdmZip from 'adm-zip';
import { ApplicationFailure } from '@temporalio/common';
import { BikDirectoryError, parseEd807 } from '../../domain/bik-directory';
import { OutboundRefused, outboundRequest, type OutboundPolicy } from '../../infra/outbound-address';
import { importBikDirectory, type BikImportOutcome } from '../../usecases/requisites/bik-directory.usecases';
import type { ActivityDeps } from '../deps';

/** Where the Bank publishes the full directory: a zip holding one ED807 XML file. */
export const DEFAULT_BIK_URL = 'https://www.cbr.ru/s/newbik';
/** The full directory is a few megabytes zipped; more is not the Bank's file. */
const MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024;

/** The ED807 XML inside the Bank's zip (or the body itself, where it is the XML already). */
export function ed807Bytes(body: Buffer): Buffer {
  if (body.subarray(0, 2).toString('latin1') !== 'PK') return body;
  const entries = new AdmZip(body).getEntries().filter((e) => !e.isDirectory && /ED807.*\.xml$/i.test(e.entryName));
  if (entries.length !== 1) throw new BikDirectoryError(`the zip holds ${entries.length} ED807 XML files, expected one`);
  return entries[0]!.getData();
}

export function createBikActivities({ db, bikUrl, outboundPolicy }: Pick<ActivityDeps, 'db' | 'bikUrl'> & { outboundPolicy?: OutboundPolicy }) {
  return {
    /**
     * Fetches the Bank's BIK directory and loads it. The request goes through the outbound guard
     * (never to a private or internal address); a directory that does not read is not retried.
     */
    async refreshBikDirectory(): Promise<BikImportOutcome> {
      let answer;
      try {
        answer = await outboundRequest(bikUrl ?? DEFAULT_BIK_URL, { timeoutMs: 60_000, maxBodyBytes: MAX_DOWNLOAD_BYTES, ...(outboundPolicy ? { policy: outboundPolicy } : {}) });
      } catch (err) {
        if (err instanceof OutboundRefused) throw ApplicationFailure.nonRetryable(err.message, 'BikUrlRefused');
        throw ApplicationFailure.retryable(`the Central Bank could not be reached: ${(err as Error).message}`, 'CbrUnavailable');
      }
      if (answer.status !== 200) throw ApplicationFailure.retryable(`the Central Bank answered ${answer.status}`, 'CbrUnavailable');
      try {
        return await importBikDirectory(db, parseEd807(ed807Bytes(answer.body)));
      } catch (err) {
        if (err instanceof BikDirectoryError) throw ApplicationFailure.nonRetryable(err.message, 'BikDirectoryUnreadable');
        throw err;
      }
    },
  };
}
