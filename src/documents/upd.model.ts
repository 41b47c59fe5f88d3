/**
 * The УПД (универсальный передаточный документ) of a shipped order, decided before any XML or PDF:
 * the act of transfer of rights with the status, the participants' ids and the file name ФНС's
 * format 5.03 wants. Lines, amounts and totals are the act's own (ActModel), never recomputed.
 *
 * Status 1 (счёт-фактура and transfer document, Функция СЧФДОП) where any line carries VAT;
 * status 2 (transfer document only, Функция ДОП) when every line is «Без НДС» (software in the
 * Russian register, Tax Code art. 149): an exempt sale has no счёт-фактура (art. 169 p. 3 sub. 1).
 * Pure: no I/O.
 */
import { checkActModel, DocumentModelError, type ActModel, type PartyRequisites } from './documents.model';
import { texts } from '../locale/documents.ru';

export type UpdStatus = 1 | 2;

/** A document the transfer is based on (РеквДокТип): the dealer's contract, the order. */
export interface UpdBasisDocument {
  kind: 'contract' | 'order';
  number: string;
  /** YYYY-MM-DD. */
  date: string;
}

export interface UpdModel extends ActModel {
  status: UpdStatus;
  /** ИдФайл, and the file's name without ".xml". */
  fileId: string;
  /** The GUID in the file name: the act's id, so the same act always gives the same file. */
  guid: string;
  /** Document-exchange ids of the two sides (see participantId). */
  senderId: string;
  recipientId: string;
  chiefAccountant: string;
  /** What the transfer is based on, in order; empty prints «Без документа-основания». */
  basisDocuments: UpdBasisDocument[];
}

export interface UpdSource {
  act: ActModel;
  /** The act's id (a UUID). */
  guid: string;
  chiefAccountant: string;
  /** The dealer's contract, when both its number and date are known. */
  contract?: { number: string; date: string } | null;
  /** The sides' ids at their e-document operator, where known; otherwise participantId's fallback. */
  senderEdoId?: string;
  recipientEdoId?: string;
}

/** Status 1 when any line carries VAT (a mixed order included), status 2 when all are exempt. */
export function updStatus(lines: readonly { vatBasisPoints: number }[]): UpdStatus {
  return lines.some((line) => line.vatBasisPoints > 0) ? 1 : 2;
}

/**
 * The id that stands for a side in the file name. An e-document operator gives each participant
 * one (Диадок's "2BM-…"); SID keeps none for its dealers yet, so without it the side is named by
 * its ИНН followed by its КПП (ИНН alone for an individual entrepreneur), which is unique per
 * taxpayer and is what the operators' own ids are built on.
 */
export function participantId(party: Pick<PartyRequisites, 'inn' | 'kpp'>, edoId?: string): string {
  return edoId?.trim() || `${party.inn}${party.kpp ?? ''}`;
}

const PARTICIPANT = /^[0-9A-Za-z-]{1,46}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** ON_NSCHFDOPPR_<recipient id>_<sender id>_<YYYYMMDD>_<GUID>: the name (and ИдФайл) the format requires. */
export function updFileId(recipientId: string, senderId: string, date: string, guid: string): string {
  for (const [what, id] of [['recipient', recipientId], ['sender', senderId]] as const) {
    if (!PARTICIPANT.test(id)) throw new DocumentModelError(`УПД: the ${what} id "${id}" is not 1–46 letters, digits or hyphens`);
  }
  if (!GUID.test(guid)) throw new DocumentModelError(`УПД: "${guid}" is not a lower-case GUID`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new DocumentModelError(`УПД: "${date}" is not a YYYY-MM-DD date`);
  return `ON_NSCHFDOPPR_${recipientId}_${senderId}_${date.replaceAll('-', '')}_${guid}`;
}

/** НалСт as the format spells it; only the rates its enumeration lists can be written. */
export function taxRateCode(basisPoints: number): string {
  if (basisPoints === 0) return texts.upd.noVatCode;
  const code = { 2200: '22%', 2000: '20%', 1000: '10%', 700: '7%', 500: '5%' }[basisPoints];
  if (!code) throw new DocumentModelError(`УПД: a VAT rate of ${basisPoints / 100}% has no code in format 5.03`);
  return code;
}

/** "Смирнов Алексей Викторович" → Фамилия, Имя, Отчество (ФИОТип); a patronymic may be absent or of two words. */
export function splitFullName(fullName: string): { surname: string; name: string; patronymic?: string } {
  const [surname, name, ...rest] = fullName.trim().split(/\s+/);
  if (!surname || !name) throw new DocumentModelError(`УПД: "${fullName}" is not a surname and a first name`);
  return rest.length > 0 ? { surname, name, patronymic: rest.join(' ') } : { surname, name };
}

/** The УПД of an act; refuses one whose figures or ids the format cannot carry. */
export function buildUpdModel(source: UpdSource): UpdModel {
  const { act } = source;
  checkActModel(act);
  const senderId = participantId(act.supplier, source.senderEdoId);
  const recipientId = participantId(act.buyer, source.recipientEdoId);
  const basisDocuments: UpdBasisDocument[] = [];
  if (source.contract) basisDocuments.push({ kind: 'contract', ...source.contract });
  if (act.scope.kind === 'order') basisDocuments.push({ kind: 'order', number: act.scope.orderNumber, date: act.scope.orderDate });
  const model: UpdModel = {
    ...act,
    status: updStatus(act.lines),
    // The file is dated with the document: the same act gives the same bytes on every run.
    fileId: updFileId(recipientId, senderId, act.date, source.guid),
    guid: source.guid,
    senderId,
    recipientId,
    chiefAccountant: source.chiefAccountant,
    basisDocuments,
  };
  checkUpdModel(model);
  return model;
}

export function checkUpdModel(model: UpdModel): void {
  checkActModel(model);
  if (model.status !== updStatus(model.lines)) throw new DocumentModelError(`УПД ${model.number}: status ${model.status} does not fit its lines' VAT`);
  for (const line of model.lines) {
    taxRateCode(line.vatBasisPoints);
    if (line.partNumber.length > 100) throw new DocumentModelError(`УПД ${model.number}, line ${line.lineNo}: the part number is longer than КодТов's 100 characters`);
  }
  for (const party of [model.supplier, model.buyer]) {
    if (!/^(\d{10}|\d{12})$/.test(party.inn)) throw new DocumentModelError(`УПД ${model.number}: ИНН "${party.inn}" is neither an organisation's nor a person's`);
    if (party.inn.length === 12) splitFullName(party.director);
  }
  splitFullName(model.supplierSignatory.name);
}
