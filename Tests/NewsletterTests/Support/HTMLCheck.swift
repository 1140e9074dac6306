import Foundation
import TestSupport

/// A structural HTML5 check with Python's standard html.parser: a doctype, `lang`, a `<title>`,
/// only elements HTML5 defines (none it made obsolete), no obsolete presentational attributes,
/// `<meta name>` with content, and every element closed in order.
enum HTMLCheck {
    static func problems(in html: String) throws -> [String] {
        let script = #"""
            import sys
            from html.parser import HTMLParser
            VOID = {'area','base','br','col','embed','hr','img','input','link','meta','source','track','wbr'}
            KNOWN = VOID | set(('html head body title style script noscript main nav header footer section article '
                'aside h1 h2 h3 h4 h5 h6 p div span a ul ol li dl dt dd table thead tbody tfoot tr td th caption '
                'colgroup strong em b i u small code pre blockquote figure figcaption time form button label select '
                'option textarea template picture sup sub abbr cite q mark s del ins').split())
            OBSOLETE_ATTRS = {'cellspacing','cellpadding','border','align','valign','bgcolor','width'}
            problems = []
            class P(HTMLParser):
                def __init__(self):
                    super().__init__(convert_charrefs=True); self.stack = []; self.title = False; self.lang = False
                def handle_starttag(self, tag, attrs):
                    a = dict(attrs)
                    if tag not in KNOWN: problems.append('element <%s> is not HTML5 (or obsolete)' % tag)
                    if tag == 'html' and a.get('lang'): self.lang = True
                    if tag == 'title': self.title = True
                    if tag == 'meta' and 'name' in a and 'content' not in a:
                        problems.append('meta %s has no content' % a['name'])
                    if tag in ('table', 'td', 'tr', 'th'):
                        for name in a:
                            if name in OBSOLETE_ATTRS: problems.append('obsolete attribute %s on <%s>' % (name, tag))
                    if tag not in VOID: self.stack.append(tag)
                def handle_endtag(self, tag):
                    if tag in VOID: return
                    if not self.stack or self.stack[-1] != tag:
                        problems.append('</%s> closes <%s>' % (tag, self.stack[-1] if self.stack else 'nothing'))
                        return
                    self.stack.pop()
            text = open(sys.argv[1], encoding='utf-8').read()
            if not text.lstrip().lower().startswith('<!doctype html>'): problems.append('no <!DOCTYPE html>')
            p = P(); p.feed(text); p.close()
            if p.stack: problems.append('unclosed: %s' % p.stack)
            if not p.title: problems.append('no <title>')
            if not p.lang: problems.append('no lang on <html>')
            print('\n'.join(problems))
            """#
        let folder = try TemporaryFolder(prefix: "html-check")
        let file = try folder.write(html, to: "page.html")
        let result = try Command.run(URL(fileURLWithPath: TestSMTPServer.python), ["-c", script, file.path])
        guard result.status == 0 else { throw HTTP.Failure(description: "the HTML check failed: \(result)") }
        return result.output.split(separator: "\n").map(String.init)
    }
}
