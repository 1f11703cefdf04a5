"""Browser tests: every page in headless Chromium (Playwright), checked with axe-core."""
