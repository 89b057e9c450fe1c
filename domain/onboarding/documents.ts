import { fileTypeFromBuffer } from 'file-type';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import type { DocumentMimeType } from '../../db/documents.ts';
import { AppError } from '../../lib/errors.ts';

/** Largest accepted upload (the multipart limit is set from this too). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
/** Extracted text kept per document (a whole manual is not useful on a call). */
const MAX_TEXT_CHARS = 500_000;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const fileError = (status: number, code: string, message: string) =>
  new AppError(status, code, `file: ${message}`, [{ field: 'file', message }]);

export interface InspectedDocument {
  mimeType: DocumentMimeType;
  text: string;
}

/** Tab, newline, carriage return and form feed are text; other C0 control characters mean binary. */
function hasBinaryControls(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) return true;
  }
  return false;
}

/** Plain text: valid UTF-8 without NULs or other binary control bytes. */
function asPlainText(bytes: Buffer): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  return hasBinaryControls(text) ? null : text.replace(/^\uFEFF/, '');
}

async function pdfText(bytes: Buffer): Promise<string> {
  try {
    // verbosity 0: pdf.js otherwise prints repair warnings for damaged files to stdout.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    const { text } = await extractText(pdf, { mergePages: true });
    return text;
  } catch {
    throw fileError(422, 'unreadable_document', 'the PDF could not be read (it is damaged or encrypted)');
  }
}

async function docxText(bytes: Buffer): Promise<string> {
  try {
    return (await mammoth.extractRawText({ buffer: bytes })).value;
  } catch {
    throw fileError(422, 'unreadable_document', 'the Word document could not be read (it is damaged)');
  }
}

/**
 * Decides what an upload is from its bytes (never its name), and extracts its text. PDF and DOCX
 * are recognised by their signatures; anything without a signature must be UTF-8 text.
 */
export async function inspectDocument(bytes: Buffer): Promise<InspectedDocument> {
  if (bytes.length === 0) throw fileError(400, 'invalid_request', 'is empty');
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw fileError(413, 'payload_too_large', `is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`);
  }
  const detected = await fileTypeFromBuffer(bytes);
  let mimeType: DocumentMimeType;
  let text: string;
  if (detected?.mime === 'application/pdf') {
    mimeType = 'application/pdf';
    text = await pdfText(bytes);
  } else if (detected?.mime === DOCX) {
    mimeType = DOCX;
    text = await docxText(bytes);
  } else if (!detected) {
    const plain = asPlainText(bytes);
    if (plain === null) {
      throw fileError(415, 'unsupported_media_type', 'is not a PDF, Word (DOCX) or UTF-8 text file');
    }
    mimeType = 'text/plain';
    text = plain;
  } else {
    throw fileError(
      415,
      'unsupported_media_type',
      `is a ${detected.ext.toUpperCase()} file (${detected.mime}); upload a PDF, Word (DOCX) or text file`,
    );
  }
  const cleaned = text.replaceAll(String.fromCharCode(0), '').trim();
  if (!cleaned)
    throw fileError(422, 'unreadable_document', 'contains no readable text (is it a scanned image?)');
  return { mimeType, text: cleaned.slice(0, MAX_TEXT_CHARS) };
}
