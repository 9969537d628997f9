export const id = 94;
export const ids = [94];
export const modules = {

/***/ 6094:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   loadTemplate: () => (/* binding */ loadTemplate),
/* harmony export */   templateView: () => (/* binding */ templateView)
/* harmony export */ });
/* unused harmony exports TEMPLATE_KEYS, splitFrontMatter, renderText */
/* harmony import */ var _structured_input_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9941);
/* harmony import */ var _workspace_file_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6168);


/**
 * What a template's front matter may set; the rest (secrets, base_url, …) belongs in the workflow.
 * No input with an action.yml default: the runner always sets it, so it would always win.
 */
const TEMPLATE_KEYS = [
    'title', 'priority', 'ticket_type', 'assignment_team', 'custom_fields',
    'requester_euid', 'requester', 'submitter_id', 'attachments',
];
const MAX_TEMPLATE_BYTES = 1024 * 1024;
/** Splits `---\n<yaml>\n---\n<body>`. The front matter is required: it holds the title. */
function splitFrontMatter(text, where) {
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    if (lines[0].trim() !== '---') {
        throw new _structured_input_js__WEBPACK_IMPORTED_MODULE_0__/* .InputProblem */ .S7(`${where}: line 1: expected "---", the start of the YAML front matter (title, priority, …), then "---" and the Markdown body.`);
    }
    const close = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line));
    if (close < 0)
        throw new _structured_input_js__WEBPACK_IMPORTED_MODULE_0__/* .InputProblem */ .S7(`${where}: line 1: the front matter that starts here is never closed by a "---" line.`);
    let start = close + 1;
    while (start < lines.length && lines[start].trim() === '')
        start++;
    return {
        frontMatter: lines.slice(1, close).join('\n'),
        firstLine: 2,
        body: lines.slice(start).join('\n').trimEnd(),
        bodyLine: start + 1,
    };
}
/** The variables a template can use. Objects without a prototype: `{{ env.constructor }}` is empty. */
function templateView(ctx, env, now = new Date()) {
    const github = Object.assign(Object.create(null), {
        repository: ctx.repository,
        run_url: ctx.runUrl,
        ref_name: ctx.refName,
        sha: ctx.sha,
        actor: ctx.actor,
        workflow: ctx.workflow,
        event_name: ctx.eventName,
    });
    const vars = Object.create(null);
    for (const [name, value] of Object.entries(env)) {
        // The step's inputs (the API secret among them) and the runner's own tokens are not template data.
        if (value === undefined || /^(INPUT_|ACTIONS_)/.test(name) || name === 'GITHUB_TOKEN')
            continue;
        vars[name] = value;
    }
    return Object.assign(Object.create(null), { date: now.toISOString().slice(0, 10), github, env: vars });
}
/** Renders one text. HTML escaping is off: the text is Markdown or a plain value, never HTML. */
async function renderText(text, view, where, firstLine) {
    if (!text.includes('{{'))
        return text;
    const { default: Mustache } = await __webpack_require__.e(/* import() */ 562).then(__webpack_require__.bind(__webpack_require__, 562));
    try {
        return Mustache.render(text, view, {}, { escape: (value) => String(value) });
    }
    catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const at = /at (\d+)/.exec(message);
        const line = at ? firstLine + text.slice(0, Number(at[1])).split('\n').length - 1 : firstLine;
        throw new _structured_input_js__WEBPACK_IMPORTED_MODULE_0__/* .InputProblem */ .S7(`${where}: line ${line}: ${message.replace(/ at \d+.*$/s, '')}.`);
    }
}
/** Reads, parses and renders a template file into input values (the body becomes `description`). */
async function loadTemplate(file, workspace, view) {
    const where = `template ${file}`;
    const text = readTemplate(file, workspace);
    const split = splitFrontMatter(text, where);
    const parsed = await (0,_structured_input_js__WEBPACK_IMPORTED_MODULE_0__/* .parseStructured */ .jE)(where, split.frontMatter, split.firstLine);
    if (parsed !== undefined && !(0,_structured_input_js__WEBPACK_IMPORTED_MODULE_0__/* .isMapping */ .pi)(parsed)) {
        throw new _structured_input_js__WEBPACK_IMPORTED_MODULE_0__/* .InputProblem */ .S7(`${where}: line ${split.firstLine}: the front matter must be a mapping, such as "title: Weekly patching".`);
    }
    const values = {};
    for (const [key, value] of Object.entries(parsed ?? {})) {
        const line = keyLine(split.frontMatter, key, split.firstLine);
        if (!TEMPLATE_KEYS.includes(key)) {
            throw new _structured_input_js__WEBPACK_IMPORTED_MODULE_0__/* .InputProblem */ .S7(`${where}: line ${line}: unknown key "${key}". Allowed keys: ${TEMPLATE_KEYS.join(', ')}.`);
        }
        values[key] = await renderPlain(value, view, where, line);
    }
    if (split.body !== '')
        values.description = await renderText(split.body, view, where, split.bodyLine);
    return values;
}
async function renderPlain(value, view, where, line) {
    if (typeof value === 'string')
        return renderText(value, view, where, line);
    if (Array.isArray(value))
        return Promise.all(value.map((v) => renderPlain(v, view, where, line)));
    const out = {};
    for (const [k, v] of Object.entries(value))
        out[k] = await renderPlain(v, view, where, line);
    return out;
}
/** The line a top-level key is written on, for messages (parseStructured keeps no positions). */
function keyLine(frontMatter, key, firstLine) {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const index = frontMatter.split('\n').findIndex((l) => new RegExp(`^["']?${escaped}["']?\\s*:`).test(l));
    return index < 0 ? firstLine : firstLine + index;
}
function readTemplate(file, workspace) {
    const { text, size } = (0,_workspace_file_js__WEBPACK_IMPORTED_MODULE_1__/* .readWorkspaceFile */ .s)('template', file, workspace, MAX_TEMPLATE_BYTES, '; check out the repository before this step');
    if (size > MAX_TEMPLATE_BYTES)
        throw new _structured_input_js__WEBPACK_IMPORTED_MODULE_0__/* .InputProblem */ .S7(`template: "${file}" is ${size} bytes; at most ${MAX_TEMPLATE_BYTES} are allowed.`);
    return text;
}


/***/ })

};
