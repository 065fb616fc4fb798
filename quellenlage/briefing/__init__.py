"""The briefing: `build.build_briefing` assembles it, `markdown.render` writes briefing.md."""
