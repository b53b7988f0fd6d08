"""The MkDocs hook: each event hands over to ``headlines.plugin``. See that module's docstring."""

from __future__ import annotations

from headlines import plugin
from mkdocs.plugins import event_priority


def on_startup(command, dirty):
    plugin.startup(command)


def on_config(config):
    return plugin.configure(config)


def on_files(files, config):
    return plugin.add_pages(files, config)


def on_nav(nav, config, files):
    return plugin.remember_nav(nav, files)


def on_env(env, config, files):
    return plugin.theme_env(env, config, files)


def on_serve(server, config, builder):
    return plugin.serve(server, builder)


def on_page_markdown(markdown, page, config, files):
    return plugin.page_markdown(markdown, page)


def on_page_content(html, page, config, files):
    return plugin.page_content(html, page, config)


def on_post_page(output, page, config):
    return plugin.page_written(output, page, config)


def on_post_template(output_content, template_name, config):
    """The theme's pages that are no Markdown page's (404.html); sitemap.xml is no page."""
    return plugin.theme_page(output_content, template_name) if template_name.endswith(".html") else output_content


@event_priority(-100)
def on_post_build(config):
    """Priority -100: after every other output file is written. The search index is built
    from the finished pages while the leak check reads them; then it reads the index too."""
    plugin.index_and_check(config)


def on_build_error(error):
    plugin.build_failed()


def on_shutdown():
    plugin.shutdown()
