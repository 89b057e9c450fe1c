import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { searchDocuments } from '../../db/documents.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

/** Uploads are judged by their bytes: type by signature, size, and whether text can be extracted. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

function pdf(text: string): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function docx(text: string): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const add = (name: string, xml: string) =>
    zip.addBuffer(Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${xml}`), name);
  add(
    '[Content_Types].xml',
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  add(
    '_rels/.rels',
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  add(
    'word/document.xml',
    `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
  );
  zip.end();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    zip.outputStream
      .on('data', (c: Buffer) => chunks.push(c))
      .on('end', () => resolve(Buffer.concat(chunks)));
  });
}

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e0a1e20000000049454e44ae426082',
  'hex',
);

function multipart(
  parts: { name: string; value?: string; filename?: string; contentType?: string; bytes?: Buffer }[],
) {
  const boundary = `----test${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = p.filename
      ? `form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.contentType ?? 'application/octet-stream'}`
      : `form-data; name="${p.name}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push(p.bytes ?? Buffer.from(p.value ?? ''));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function owner() {
  const customer = await t.createCustomer();
  const cookie = await t.sessionCookie(customer.id);
  const upload = (filename: string, bytes: Buffer, source = 'business_info', contentType?: string) => {
    const body = multipart([
      { name: 'source', value: source },
      { name: 'file', filename, bytes, contentType },
    ]);
    return t.app.inject({
      method: 'POST',
      url: `/api/onboarding/${customer.id}/documents`,
      headers: { cookie, 'content-type': body.contentType },
      payload: body.payload,
    });
  };
  const get = async () =>
    (
      await t.app.inject({ method: 'GET', url: `/api/onboarding/${customer.id}`, headers: { cookie } })
    ).json();
  return { id: customer.id, cookie, upload, get };
}

describe('document upload', () => {
  it('accepts PDF, DOCX and TXT by content, extracts their text and indexes it for search', async () => {
    const o = await owner();
    const a = await o.upload(
      'insurance.pdf',
      pdf('We accept Delta Dental insurance'),
      'business_info',
      'application/pdf',
    );
    expect(a.statusCode).toBe(201);
    expect(a.json().document).toMatchObject({
      filename: 'insurance.pdf',
      mimeType: 'application/pdf',
      source: 'business_info',
    });
    // A real Word file with a misleading name is still a Word file.
    const b = await o.upload(
      'parking.txt',
      await docx('Parking is free behind the clinic'),
      'caller_responses',
    );
    expect(b.statusCode).toBe(201);
    expect(b.json().document.mimeType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const c = await o.upload(
      'faq.txt',
      Buffer.from('Emergency appointments: call before 10am.\nWe speak Spanish.'),
    );
    expect(c.statusCode).toBe(201);
    expect(c.json().document.mimeType).toBe('text/plain');

    expect((await searchDocuments(t.db.pool, o.id, 'do you take Delta insurance?'))[0]!.filename).toBe(
      'insurance.pdf',
    );
    expect((await searchDocuments(t.db.pool, o.id, 'where can I park'))[0]!.filename).toBe('parking.txt');
    expect(await searchDocuments(t.db.pool, o.id, 'spanish')).toHaveLength(1);
    expect((await o.get()).documents.map((d: { filename: string }) => d.filename)).toEqual([
      'insurance.pdf',
      'parking.txt',
      'faq.txt',
    ]);

    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/onboarding/${o.id}/documents/${a.json().document.id}`,
      headers: { cookie: o.cookie },
    });
    expect(del.statusCode).toBe(204);
    expect(await searchDocuments(t.db.pool, o.id, 'Delta insurance')).toHaveLength(0);
  });

  it('rejects a PNG disguised as a PDF by its extension and content type', async () => {
    const o = await owner();
    const res = await o.upload('menu.pdf', PNG, 'business_info', 'application/pdf');
    expect(res.statusCode).toBe(415);
    expect(res.json().error.message).toMatch(/^file: is a PNG file \(image\/png\)/);
    expect(res.json().error.details).toEqual([
      { field: 'file', message: expect.stringContaining('PDF, Word (DOCX) or text') },
    ]);
  });

  it('rejects binary data posing as text', async () => {
    const o = await owner();
    const res = await o.upload('notes.txt', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x41, 0x42]));
    expect(res.statusCode).toBe(415);
    expect(res.json().error.details[0].field).toBe('file');
  });

  it('accepts a file under the limit (above the JSON body limit) and rejects an oversized one with 413', async () => {
    const o = await owner();
    const twoMb = await o.upload('long.txt', Buffer.from('price list '.repeat(200_000)));
    expect(twoMb.statusCode).toBe(201);
    const res = await o.upload('big.txt', Buffer.alloc(5 * 1024 * 1024 + 10, 'a'));
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'payload_too_large',
      message: 'file: is larger than 5 MB',
    });
  });

  it('rejects a corrupt PDF with a clear error, leaving the step’s other data intact', async () => {
    const o = await owner();
    const saved = await t.app.inject({
      method: 'POST',
      url: `/api/onboarding/${o.id}/caller-responses`,
      headers: { cookie: o.cookie },
      payload: { greeting: 'Hello!', instructions: 'Be kind.' },
    });
    expect(saved.statusCode).toBe(200);
    const good = pdf('Opening soon');
    const corrupt = Buffer.concat([good.subarray(0, 60), Buffer.from('this is not the rest of a pdf')]);
    const res = await o.upload('broken.pdf', corrupt, 'caller_responses');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toBe('file: the PDF could not be read (it is damaged or encrypted)');
    const after = await o.get();
    expect(after.callerResponses).toEqual({ greeting: 'Hello!', instructions: 'Be kind.' });
    expect(after.completedSteps).toEqual([3]);
    expect(after.documents).toEqual([]);
  });

  it('names a missing or wrong source field, and a non-multipart body', async () => {
    const o = await owner();
    const bad = await o.upload('a.txt', Buffer.from('hello'), 'somewhere');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([
      { field: 'source', message: 'must be one of business_info, caller_responses' },
    ]);
    const json = await t.app.inject({
      method: 'POST',
      url: `/api/onboarding/${o.id}/documents`,
      headers: { cookie: o.cookie },
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.details[0].field).toBe('file');
  });
});
