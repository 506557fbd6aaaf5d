// Smoke test of the built WebAssembly module under Node (no browser needed):
//   node xlsx/smoke.mjs <dir with xeploai_xlsx.js> [wasm file, default <dir>/xeploai_xlsx_bg.wasm]
// Writes a workbook with writeWorkbook, reads it back with sheetNames and readSheetJson, and checks the errors.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import assert from "node:assert/strict";

const dir = resolve(process.argv[2] ?? "/tmp/xlsx-dist");
const wasmPath = process.argv[3] ?? join(dir, "xeploai_xlsx_bg.wasm");
const xlsx = await import(pathToFileURL(join(dir, "xeploai_xlsx.js")).href);
xlsx.initSync({ module: readFileSync(wasmPath) });

const sheets = [
  { name: "Đảng viên", headers: ["Mã", "Họ và tên", "Điểm"], rows: [["dv01", "Nguyễn Văn An", 93], ["dv02", "Trần Thị Bình", 89.5], [], ["dv03", "", null, "x"]] },
  { name: "Tổ chức: 2025/2026", headers: ["Mã", "Tên tổ chức"], rows: [["cb1", "Chi bộ 1"]] },
];
const bytes = xlsx.writeWorkbook(JSON.stringify(sheets));
assert.ok(bytes instanceof Uint8Array && bytes[0] === 0x50 && bytes[1] === 0x4b, "a zip file");
assert.deepEqual(xlsx.sheetNames(bytes), ["Đảng viên", "Tổ chức- 2025-2026"]);
assert.deepEqual(JSON.parse(xlsx.readSheetJson(bytes, "Đảng viên")), [
  ["Mã", "Họ và tên", "Điểm"], ["dv01", "Nguyễn Văn An", "93"], ["dv02", "Trần Thị Bình", "89.5"], [], ["dv03", "", "", "x"],
]);
assert.ok(bytes.length > 1000);

const fail = (f) => { try { f(); } catch (e) { assert.ok(e instanceof Error); return e.message; } assert.fail("no error"); };
assert.match(fail(() => xlsx.sheetNames(new Uint8Array([1, 2, 3]))), /^xlsx-unreadable: tệp không phải XLSX hợp lệ.* \/ the file is not a valid XLSX workbook/);
assert.equal(fail(() => xlsx.readSheetJson(bytes, "Không có")), "xlsx-no-sheet: tệp không có trang tính “Không có” / the file has no sheet “Không có”");
assert.match(fail(() => xlsx.writeWorkbook("{}")), /^xlsx-write: không tạo được tệp XLSX \(.*\) \/ could not create the XLSX file/);
// The module is still usable after errors.
assert.deepEqual(xlsx.sheetNames(bytes).length, 2);
console.log(`ok: ${bytes.length} bytes written and read back`);
