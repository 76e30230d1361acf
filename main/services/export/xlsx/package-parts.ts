import { escapeAttribute, escapeXml } from './xml-text.ts';

// The fixed parts of an SpreadsheetML package (ECMA-376 part 1 §12, OPC part 2): content types,
// relationships, workbook, styles and document properties. Sheets are numbered in tab order from 1.

const declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const officeRels = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const packageRels = 'http://schemas.openxmlformats.org/package/2006/relationships';

export interface SheetEntry {
  name: string;
  /** Header and data range for the autofilter's hidden defined name, when the sheet has a filter. */
  filterRange: string | null;
}

export const worksheetPart = (index: number): string => `xl/worksheets/sheet${index + 1}.xml`;

export function contentTypes(sheetCount: number): string {
  const sheets = Array.from({ length: sheetCount }, (_, i) => `<Override PartName="/${worksheetPart(i)}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('');
  return `${declaration}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`;
}

export function rootRelationships(): string {
  return `${declaration}<Relationships xmlns="${packageRels}"><Relationship Id="rId1" Type="${officeRels}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="${packageRels}/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="${officeRels}/extended-properties" Target="docProps/app.xml"/></Relationships>`;
}

export function workbookRelationships(sheetCount: number): string {
  const sheets = Array.from({ length: sheetCount }, (_, i) => `<Relationship Id="rId${i + 1}" Type="${officeRels}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('');
  return `${declaration}<Relationships xmlns="${packageRels}">${sheets}<Relationship Id="rId${sheetCount + 1}" Type="${officeRels}/styles" Target="styles.xml"/></Relationships>`;
}

/** `A1:C9` → `'Data (2)'!$A$1:$C$9`, as Excel writes a filter's hidden name. */
function absoluteRange(sheet: string, range: string): string {
  const absolute = range.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
  return `'${sheet.replaceAll("'", "''")}'!${absolute}`;
}

export function workbook(sheets: SheetEntry[]): string {
  const tabs = sheets.map((sheet, i) => `<sheet name="${escapeAttribute(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const names = sheets
    .map((sheet, i) => (sheet.filterRange ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${escapeXml(absoluteRange(sheet.name, sheet.filterRange))}</definedName>` : ''))
    .join('');
  return `${declaration}<workbook xmlns="${main}" xmlns:r="${officeRels}"><workbookPr/><bookViews><workbookView activeTab="0"/></bookViews><sheets>${tabs}</sheets>${names ? `<definedNames>${names}</definedNames>` : ''}</workbook>`;
}

/**
 * Styles: cellXfs 0 General, 1 bold header, 2 date, 3 date-time to the minute, 4 to the second, 5 time to
 * the minute, 6 to the second (cell-values.ts `styleIds`). ISO-like formats read the same in every locale.
 */
export function styles(): string {
  const formats = [
    [164, 'yyyy-mm-dd'],
    [165, 'yyyy-mm-dd hh:mm'],
    [166, 'yyyy-mm-dd hh:mm:ss'],
    [167, 'hh:mm'],
    [168, 'hh:mm:ss'],
  ] as const;
  const numFmts = `<numFmts count="${formats.length}">${formats.map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${code}"/>`).join('')}</numFmts>`;
  const fonts = '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>';
  // Excel requires the first two fills to be none and gray125.
  const fills = '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>';
  const borders = '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>';
  const xf = (numFmtId: number, fontId: number): string => `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="0" borderId="0" xfId="0"${numFmtId ? ' applyNumberFormat="1"' : ''}${fontId ? ' applyFont="1"' : ''}/>`;
  const cellXfs = [xf(0, 0), xf(0, 1), ...formats.map(([id]) => xf(id, 0))];
  return `${declaration}<styleSheet xmlns="${main}">${numFmts}${fonts}${fills}${borders}<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${cellXfs.length}">${cellXfs.join('')}</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0"/></styleSheet>`;
}

export function coreProperties(title: string, at: Date): string {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `${declaration}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${escapeXml(title)}</dc:title><dc:creator>Carrel</dc:creator><cp:lastModifiedBy>Carrel</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified></cp:coreProperties>`;
}

export function appProperties(): string {
  return `${declaration}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Carrel</Application></Properties>`;
}
