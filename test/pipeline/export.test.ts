import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { acceptField, correctDigit, createBatch, fieldsOfScan, openDatabase, pendingFiles, saveScan, type Connection } from '../../db';
import { exportCsv, exportJson, type ScanJson } from '../../main/pipeline/export';
import { field, page, tempDir } from '../db/helpers';

let tmp: ReturnType<typeof tempDir>;
let c: Connection;
beforeEach(() => {
  tmp = tempDir();
  c = openDatabase(join(tmp.dir, 'd.db'));
});
afterEach(() => {
  c.close();
  tmp.cleanup();
});

it('exports CSV and JSON with corrections applied, per batch or all', () => {
  const batch = createBatch(c, { name: 'b', kind: 'auto', files: [{ path: '/s/a,1.png', name: 'a,1.png' }] });
  const [file] = pendingFiles(c, batch);
  const base = { size: 1, kind: 'auto', modelId: null, reviewThreshold: 0.9 };
  const a = saveScan(c, { ...base, hash: 'a', path: '/s/a,1.png', name: 'a,1.png', result: { pages: page(field('12345-6789', 0.5), field('123.45', 0.99, 'cheque')) }, batchFileId: file.id });
  saveScan(c, { ...base, hash: 'b', path: '/s/b.png', name: 'b.png', result: { error: 'not a readable image ("bad" header)' } });
  const [zip] = fieldsOfScan(c, a);
  correctDigit(c, zip.digits[0].id, 7, 'ann');
  acceptField(c, zip.id, 'ann');

  const csv = exportCsv(c).split('\r\n');
  expect(csv[0]).toBe('file,page,field,kind,text,predicted_text,confidence,needs_review,accepted,error');
  expect(csv[1]).toBe('"/s/a,1.png",1,1,zip,72345-6789,12345-6789,0.5,false,true,');
  expect(csv[2]).toBe('"/s/a,1.png",1,2,cheque,123.45,123.45,0.99,false,false,');
  expect(csv[3]).toBe('/s/b.png,,,,,,,,,"not a readable image (""bad"" header)"');
  expect(csv).toHaveLength(5); // and the final line break
  expect(exportCsv(c, batch).split('\r\n')).toHaveLength(4);

  const json = JSON.parse(exportJson(c)) as ScanJson[];
  expect(json[0].fields[0]).toMatchObject({ kind: 'zip', text: '72345-6789', needsReview: false, accepted: true, box: [5, 5, 200, 40] });
  expect(json[0].fields[0].digits[0]).toEqual({ label: 7, confidence: 0.5, box: [0, 0, 10, 20] });
  expect(json[1]).toEqual({ file: '/s/b.png', error: 'not a readable image ("bad" header)', fields: [] });
});
