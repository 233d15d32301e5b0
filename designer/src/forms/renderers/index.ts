import {
  and, isBooleanControl, isDateControl, isDateTimeControl, isEnumControl, isIntegerControl, isMultiLineControl,
  isNumberControl, isObjectControl, isOneOfEnumControl, isStringControl, optionIs, or, rankWith, schemaMatches, uiTypeIs,
  type JsonFormsRendererRegistryEntry, type JsonSchema,
} from '@jsonforms/core';
import TextControl from './TextControl.vue';
import NumberControl from './NumberControl.vue';
import BooleanControl from './BooleanControl.vue';
import EnumControl from './EnumControl.vue';
import OneOfControl from './OneOfControl.vue';
import MultiChoiceControl from './MultiChoiceControl.vue';
import DateControl from './DateControl.vue';
import PersonControl from './PersonControl.vue';
import GridControl from './GridControl.vue';
import LocationControl from './LocationControl.vue';
import PhotosControl from './PhotosControl.vue';
import ObjectControl from './ObjectControl.vue';
import VerticalLayout from './VerticalLayout.vue';
import GroupLayout from './GroupLayout.vue';

/** An array of distinct options: `items` with `enum` or a oneOf of constants. */
const isMultiChoice = and(uiTypeIs('Control'), schemaMatches((schema: JsonSchema) => {
  const items = schema.items as JsonSchema | undefined;
  return schema.type === 'array' && schema.uniqueItems === true && !!items && !Array.isArray(items)
    && (Array.isArray(items.enum) || (Array.isArray(items.oneOf) && items.oneOf.every((option) => 'const' in option)));
}));

const widget = (name: string) => and(uiTypeIs('Control'), optionIs('widget', name));

/**
 * Gridflow's renderer set on Vant. Ranks: the generic by type (1–2), formats and structures (3),
 * named widgets (10) above them all, so `options.widget` always wins.
 */
export const gridflowRenderers: JsonFormsRendererRegistryEntry[] = [
  { tester: rankWith(1, uiTypeIs('VerticalLayout')), renderer: VerticalLayout },
  { tester: rankWith(1, uiTypeIs('HorizontalLayout')), renderer: VerticalLayout },
  { tester: rankWith(1, or(uiTypeIs('Group'), uiTypeIs('Categorization'), uiTypeIs('Category'))), renderer: GroupLayout },
  { tester: rankWith(1, isStringControl), renderer: TextControl },
  { tester: rankWith(2, and(isStringControl, isMultiLineControl)), renderer: TextControl },
  { tester: rankWith(2, or(isNumberControl, isIntegerControl)), renderer: NumberControl },
  { tester: rankWith(2, isBooleanControl), renderer: BooleanControl },
  { tester: rankWith(2, isEnumControl), renderer: EnumControl },
  { tester: rankWith(3, isOneOfEnumControl), renderer: OneOfControl },
  { tester: rankWith(3, isMultiChoice), renderer: MultiChoiceControl },
  { tester: rankWith(3, or(isDateControl, isDateTimeControl)), renderer: DateControl },
  { tester: rankWith(1, isObjectControl), renderer: ObjectControl },
  { tester: rankWith(10, widget('person')), renderer: PersonControl },
  { tester: rankWith(10, widget('grid')), renderer: GridControl },
  { tester: rankWith(10, widget('location')), renderer: LocationControl },
  { tester: rankWith(10, widget('photos')), renderer: PhotosControl },
];
