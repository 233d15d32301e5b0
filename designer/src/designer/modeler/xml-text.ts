/** Text or an attribute value written into BPMN XML made by the designer (a process's name, a step's). */
export const escapeXml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
