import time, pytest
from eenloket.e2e.test_pages import omgeving  # noqa
from eenloket.e2e import conftest as c
pytestmark = pytest.mark.e2e
RUN="async () => { await axe.run(document, {runOnly: ['wcag2a','wcag2aa','wcag21a','wcag21aa','best-practice'], resultTypes:['violations']}); }"
def test_t(page, inloggen, omgeving):
    inloggen("beheerder")
    for i in range(4):
        t=time.perf_counter()
        page.goto("/medewerker/werkdagen/")
        page.add_script_tag(content=c._axe_js())
        page.evaluate(RUN); t1=time.perf_counter()
        print(f"tag: {t1-t:.3f}")
    page.context.add_init_script(script=c._axe_js())
    for i in range(4):
        t=time.perf_counter()
        page.goto("/medewerker/werkdagen/")
        page.evaluate(RUN); t1=time.perf_counter()
        print(f"init: {t1-t:.3f}")
