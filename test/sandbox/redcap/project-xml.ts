// content=project_xml (and record export with format=odm): the project as CDISC ODM 1.3.1 in
// REDCap's dialect (the shape of PyCap's tests/data/*.xml), metadata only or with data.

import type { ApiCall } from './api-call.ts';
import { CONTENT_TYPES, XML_DECLARATION } from './encoding.ts';
import type { ApiResult } from './encoding.ts';
import { exportRightsOf } from './export-rights.ts';
import { COMPLETE_CHOICES, checkboxColumn, completeField } from './project-model.ts';
import type { FieldDef } from './project-model.ts';
import type { ProjectSchema } from './project-schema.ts';
import { checkedCodes, selectFields } from './record-columns.ts';
import type { SelectedField } from './record-columns.ts';
import { rowFilterOf, selectRecords, selectRows } from './record-selection.ts';
import type { RowFilter } from './record-selection.ts';
import { REDCAP_VERSION } from './project-methods.ts';

function attr(value: string | number): string {
  return String(value).replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll("'", '&#039;');
}

const FIELD_TYPES: Record<string, string> = { notes: 'textarea', dropdown: 'select' };
const LEGACY_VALIDATION: Record<string, string> = { integer: 'int', number: 'float' };

function dataType(field: FieldDef): string {
  if (field.type === 'yesno' || field.type === 'truefalse' || field.type === 'checkbox') return 'boolean';
  if (field.type === 'calc') return 'float';
  const validation = field.validation ?? '';
  if (validation === 'integer') return 'integer';
  if (validation.startsWith('number')) return 'float';
  if (validation.startsWith('datetime')) return 'datetime';
  if (validation.startsWith('date')) return 'date';
  return 'text';
}

function itemDef(schema: ProjectSchema, field: FieldDef, oid: string): string {
  const extra = [
    field.validation ? ` redcap:TextValidationType="${attr(LEGACY_VALIDATION[field.validation] ?? field.validation)}"` : '',
    field.note ? ` redcap:FieldNote="${attr(field.note)}"` : '',
    field.sectionHeader ? ` redcap:SectionHeader="${attr(field.sectionHeader)}"` : '',
    field.type === 'calc' && field.choices ? ` redcap:Calculation="${attr(field.choices)}"` : '',
    field.branchingLogic ? ` redcap:BranchingLogic="${attr(field.branchingLogic)}"` : '',
    field.identifier === true ? ' redcap:Identifier="y"' : '',
    field.required === true ? ' redcap:RequiredField="y"' : '',
  ].join('');
  const coded = schema.choices(field.name).length > 0;
  const length = coded && field.type !== 'checkbox' ? 1 : field.type === 'checkbox' ? 1 : 999;
  return `\t<ItemDef OID="${oid}" Name="${oid}" DataType="${dataType(field)}" Length="${length}" redcap:Variable="${field.name}" redcap:FieldType="${FIELD_TYPES[field.type] ?? field.type}"${extra}>\n` +
    `\t\t<Question><TranslatedText>${attr(field.label)}</TranslatedText></Question>\n` +
    (coded ? `\t\t<CodeListRef CodeListOID="${oid}.choices"/>\n` : '') + '\t</ItemDef>\n';
}

function codeList(oid: string, variable: string, dataTypeName: string, items: ReadonlyArray<{ code: string; label: string }>, extra = ''): string {
  return `\t<CodeList OID="${oid}.choices" Name="${oid}" DataType="${dataTypeName}" redcap:Variable="${variable}"${extra}>\n` +
    items.map((item) => `\t\t<CodeListItem CodedValue="${attr(item.code)}"><Decode><TranslatedText>${attr(item.label)}</TranslatedText></Decode></CodeListItem>\n`).join('') +
    '\t</CodeList>\n';
}

function metadata(schema: ProjectSchema, oid: string, metadataOid: string): string {
  const info = schema.info;
  const parts: string[] = [];
  parts.push(`<Study OID="${oid}">\n<GlobalVariables>\n\t<StudyName>${attr(info.project_title)}</StudyName>\n`);
  parts.push(`\t<StudyDescription>This file contains the metadata, events, and data for REDCap project "${attr(info.project_title)}".</StudyDescription>\n`);
  parts.push(`\t<ProtocolName>${attr(info.project_title)}</ProtocolName>\n`);
  parts.push(`\t<redcap:RecordAutonumberingEnabled>${info.record_autonumbering_enabled}</redcap:RecordAutonumberingEnabled>\n`);
  parts.push(`\t<redcap:CustomRecordLabel>${attr(info.custom_record_label)}</redcap:CustomRecordLabel>\n\t<redcap:SecondaryUniqueField>${attr(info.secondary_unique_field)}</redcap:SecondaryUniqueField>\n`);
  parts.push(`\t<redcap:SchedulingEnabled>${info.scheduling_enabled}</redcap:SchedulingEnabled>\n\t<redcap:SurveysEnabled>${schema.surveyForms.length > 0 ? 1 : info.surveys_enabled}</redcap:SurveysEnabled>\n`);
  parts.push(`\t<redcap:Purpose>${info.purpose}</redcap:Purpose>\n\t<redcap:PurposeOther>${attr(info.purpose_other)}</redcap:PurposeOther>\n\t<redcap:ProjectNotes>${attr(info.project_notes)}</redcap:ProjectNotes>\n`);
  parts.push(`\t<redcap:MissingDataCodes>${attr(info.missing_data_codes)}</redcap:MissingDataCodes>\n`);
  if (schema.hasRepeating) {
    parts.push('\t<redcap:RepeatingInstrumentsAndEvents>\n');
    const instruments = schema.definition.repeating.filter((entry) => entry.form !== '');
    if (instruments.length > 0) {
      parts.push('\t\t<redcap:RepeatingInstruments>\n');
      for (const entry of instruments) parts.push(`\t\t\t<redcap:RepeatingInstrument redcap:UniqueEventName="${attr(entry.event || 'event_1_arm_1')}" redcap:RepeatInstrument="${attr(entry.form)}" redcap:CustomLabel="${attr(entry.customLabel ?? '')}"/>\n`);
      parts.push('\t\t</redcap:RepeatingInstruments>\n');
    }
    for (const entry of schema.definition.repeating.filter((item) => item.form === '')) parts.push(`\t\t<redcap:RepeatingEvent redcap:UniqueEventName="${attr(entry.event)}"/>\n`);
    parts.push('\t</redcap:RepeatingInstrumentsAndEvents>\n');
  }
  if (schema.surveyForms.length > 0) {
    parts.push('\t<redcap:SurveysGroup>\n');
    for (const form of schema.surveyForms) parts.push(`\t\t<redcap:Surveys form_name="${form}" title="${attr(schema.instrument(form)?.label ?? form)}" survey_enabled="1" save_and_return="1"/>\n`);
    parts.push('\t</redcap:SurveysGroup>\n');
  }
  parts.push(`</GlobalVariables>\n<MetaDataVersion OID="${metadataOid}" Name="${attr(info.project_title)}" redcap:RecordIdField="${schema.recordIdField.name}">\n`);
  if (schema.isLongitudinal) {
    parts.push('\t<Protocol>\n');
    schema.events.forEach((event, i) => parts.push(`\t\t<StudyEventRef StudyEventOID="Event.${event.uniqueName}" OrderNumber="${i + 1}" Mandatory="No"/>\n`));
    parts.push('\t</Protocol>\n');
    for (const event of schema.events) {
      const arm = schema.arm(event.armNum);
      parts.push(`\t<StudyEventDef OID="Event.${event.uniqueName}" Name="${attr(schema.eventFullLabel(event.uniqueName))}" Type="Common" Repeating="${schema.isRepeatingEvent(event.uniqueName) ? 'Yes' : 'No'}" redcap:EventName="${attr(event.name)}" redcap:CustomEventLabel="${attr(event.customLabel)}" redcap:UniqueEventName="${event.uniqueName}" redcap:ArmNum="${event.armNum}" redcap:ArmName="${attr(arm?.name ?? '')}" redcap:DayOffset="${event.dayOffset ?? 0}" redcap:OffsetMin="${event.offsetMin ?? 0}" redcap:OffsetMax="${event.offsetMax ?? 0}">\n`);
      schema.formsOf(event.uniqueName).forEach((form, i) => parts.push(`\t\t<FormRef FormOID="Form.${form}" OrderNumber="${i + 1}" Mandatory="No" redcap:FormName="${form}"/>\n`));
      parts.push('\t</StudyEventDef>\n');
    }
  }
  const groups: string[] = [];
  const items: string[] = [];
  const lists: string[] = [];
  for (const instrument of schema.instruments) {
    const fields = schema.fieldsOf(instrument.name);
    const first = fields[0]?.name ?? completeField(instrument.name);
    const repeating = schema.repeatsAnywhere(instrument.name) ? 'Yes' : 'No';
    parts.push(`\t<FormDef OID="Form.${instrument.name}" Name="${attr(instrument.label)}" Repeating="${repeating}" redcap:FormName="${instrument.name}">\n`);
    parts.push(`\t\t<ItemGroupRef ItemGroupOID="${instrument.name}.${first}" Mandatory="No"/>\n\t\t<ItemGroupRef ItemGroupOID="${instrument.name}.${completeField(instrument.name)}" Mandatory="No"/>\n\t</FormDef>\n`);
    const refs: string[] = [];
    for (const field of fields) {
      const oids = field.type === 'checkbox' ? schema.choices(field.name).map((choice) => checkboxColumn(field.name, choice.code)) : [field.name];
      for (const oid of oids) {
        refs.push(`\t\t<ItemRef ItemOID="${oid}" Mandatory="${field.required === true ? 'Yes' : 'No'}" redcap:Variable="${field.name}"/>\n`);
        items.push(itemDef(schema, field, oid));
        if (field.type === 'checkbox') lists.push(codeList(oid, field.name, 'boolean', [{ code: '1', label: 'Checked' }, { code: '0', label: 'Unchecked' }], ` redcap:CheckboxChoices="${attr(field.choices ?? '')}"`));
        else if (schema.choices(field.name).length > 0) lists.push(codeList(oid, field.name, dataType(field), schema.choices(field.name)));
      }
    }
    const complete = completeField(instrument.name);
    groups.push(`\t<ItemGroupDef OID="${instrument.name}.${first}" Name="${attr(instrument.label)}" Repeating="No">\n${refs.join('')}\t</ItemGroupDef>\n`);
    groups.push(`\t<ItemGroupDef OID="${instrument.name}.${complete}" Name="Form Status" Repeating="No">\n\t\t<ItemRef ItemOID="${complete}" Mandatory="No" redcap:Variable="${complete}"/>\n\t</ItemGroupDef>\n`);
    items.push(`\t<ItemDef OID="${complete}" Name="${complete}" DataType="text" Length="1" redcap:Variable="${complete}" redcap:FieldType="select" redcap:SectionHeader="Form Status">\n\t\t<Question><TranslatedText>Complete?</TranslatedText></Question>\n\t\t<CodeListRef CodeListOID="${complete}.choices"/>\n\t</ItemDef>\n`);
    lists.push(codeList(complete, complete, 'text', COMPLETE_CHOICES));
  }
  parts.push(...groups, ...items, ...lists, '</MetaDataVersion>\n</Study>\n');
  return parts.join('');
}

/** The `<ClinicalData>` of the selected records, lazily. */
function* clinicalData(call: ApiCall, oid: string, metadataOid: string, selected: readonly SelectedField[], filter: RowFilter): Generator<string> {
  const { schema, store } = call.project;
  yield `<ClinicalData StudyOID="${oid}" MetaDataVersionOID="${metadataOid}">\n`;
  let current = '';
  let open = '';
  for (const { row, reader } of selectRows(store, selectRecords(store, filter), filter)) {
    const parts: string[] = [];
    if (row.record !== current) {
      if (current !== '') parts.push(`${open}\t</SubjectData>\n`);
      current = row.record;
      open = '';
      parts.push(`\t<SubjectData SubjectKey="${attr(row.record)}" redcap:RecordIdField="${schema.recordIdField.name}">\n`);
    }
    const event = row.event ?? '';
    const instance = row.repeatInstance ?? 0;
    const indent = schema.isLongitudinal ? '\t\t\t' : '\t\t';
    if (schema.isLongitudinal) {
      parts.push(open);
      const eventKey = row.repeatInstrument === '' && instance > 0 ? instance : 1;
      parts.push(`\t\t<StudyEventData StudyEventOID="Event.${event}" StudyEventRepeatKey="${eventKey}" redcap:UniqueEventName="${event}">\n`);
      open = '\t\t</StudyEventData>\n';
    }
    for (const instrument of schema.instruments) {
      if (!reader.hasForm(instrument.name) || reader.formStatus(instrument.name) === '' && instrument.name !== schema.recordIdField.form) continue;
      const items: string[] = [];
      for (const item of selected) {
        if (item.kind !== 'field' || item.field.form !== instrument.name) continue;
        const value = reader.value(item.field.name);
        if (item.field.type === 'checkbox') {
          const checked = checkedCodes(value);
          for (const choice of schema.choices(item.field.name)) items.push(`${indent}\t\t<ItemData ItemOID="${checkboxColumn(item.field.name, choice.code)}" Value="${checked.includes(choice.code) ? 1 : 0}"/>\n`);
        } else if (value !== '') {
          items.push(`${indent}\t\t<ItemData ItemOID="${item.field.name}" Value="${attr(value)}"/>\n`);
        }
      }
      const status = reader.formStatus(instrument.name);
      const formKey = row.repeatInstrument === instrument.name ? instance : 1;
      parts.push(`${indent}<FormData FormOID="Form.${instrument.name}" FormRepeatKey="${formKey}">\n`);
      const first = schema.fieldsOf(instrument.name)[0]?.name ?? '';
      if (items.length > 0) parts.push(`${indent}\t<ItemGroupData ItemGroupOID="${instrument.name}.${first}" ItemGroupRepeatKey="1">\n${items.join('')}${indent}\t</ItemGroupData>\n`);
      const complete = completeField(instrument.name);
      parts.push(`${indent}\t<ItemGroupData ItemGroupOID="${instrument.name}.${complete}" ItemGroupRepeatKey="1">\n${indent}\t\t<ItemData ItemOID="${complete}" Value="${status || '0'}"/>\n${indent}\t</ItemGroupData>\n`);
      parts.push(`${indent}</FormData>\n`);
    }
    yield parts.join('');
  }
  if (current !== '') yield `${open}\t</SubjectData>\n`;
  yield '</ClinicalData>\n';
}

export function exportProjectXml(call: ApiCall, options: { metadataOnly: boolean; asRecordExport?: boolean }): ApiResult {
  const schema = call.project.schema;
  const now = call.clock.local();
  const slug = schema.info.project_title;
  const oid = `Project.${slug}`;
  const metadataOid = `Metadata.${slug}_${now.slice(0, 16).replace(' ', '_').replace(':', '')}`;
  const stamp = now.replace(' ', 'T');
  const head = `${XML_DECLARATION}\n<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:redcap="https://projectredcap.org" xsi:schemaLocation="http://www.cdisc.org/ns/odm/v1.3 schema/odm/ODM1-3-1.xsd" ODMVersion="1.3.1" FileOID="000-00-0000" FileType="Snapshot" Description="${attr(schema.info.project_title)}" AsOfDateTime="${stamp}" CreationDateTime="${stamp}" SourceSystem="REDCap" SourceSystemVersion="${REDCAP_VERSION}">\n`;
  // Rights, fields and filters are checked before the first byte goes out.
  const selected = options.metadataOnly ? [] : selectFields(schema, call.params.list('fields'), [], exportRightsOf(call));
  const filter = options.metadataOnly ? undefined : rowFilterOf(call);
  const body = function* (): Generator<string> {
    yield head;
    // A format=odm record export carries only the data; project_xml carries the design too.
    if (options.asRecordExport !== true) yield metadata(schema, attr(oid), attr(metadataOid));
    if (filter !== undefined) yield* clinicalData(call, attr(oid), attr(metadataOid), selected, filter);
    yield '</ODM>';
  };
  return { status: 200, contentType: CONTENT_TYPES.xml, body: body() };
}

export function projectXmlMethod(call: ApiCall): ApiResult {
  return exportProjectXml(call, { metadataOnly: call.params.bool('returnMetadataOnly') });
}
