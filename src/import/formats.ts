/** The formats `banter import` reads (kept apart from import-files.ts so that --help loads no importer). */
export const IMPORT_FORMATS = ['rasa', 'botium', 'nlpjs'] as const

export type ImportFormat = (typeof IMPORT_FORMATS)[number]
