import { readFileSync } from 'node:fs'
import { validateXML } from 'xmllint-wasm'

/** The Jenkins xUnit plugin's JUnit schema, vendored unchanged (fixtures/junit/README.md). */
export const JUNIT_XSD = readFileSync('fixtures/junit/junit-10.xsd', 'utf8')

/** The same schema with the testcase `file` and `line` attributes that banter's `junit` reporter adds (GitLab reads them). */
export const JUNIT_XSD_WITH_FILE_LINE = JUNIT_XSD.replace(
  '<xs:attribute name="group" type="xs:string"/>\n        </xs:complexType>\n    </xs:element>\n\n    <xs:element name="testsuite">',
  '<xs:attribute name="group" type="xs:string"/>\n            <xs:attribute name="file" type="xs:string"/>\n            <xs:attribute name="line" type="xs:nonNegativeInteger"/>\n        </xs:complexType>\n    </xs:element>\n\n    <xs:element name="testsuite">',
)
if (JUNIT_XSD_WITH_FILE_LINE === JUNIT_XSD)
  throw new Error('fixtures/junit/junit-10.xsd changed: the testcase attributes could not be added')

/** libxml2 (compiled to WebAssembly) validating a document against a schema: the error lines, empty when valid. */
export async function xsdErrors(xml: string, xsd = JUNIT_XSD): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: xsd }] })
  return result.valid ? [] : result.errors.map((e) => e.rawMessage)
}
