"""Passaparola: the build tool around Pelican for a small business's community site.

The package holds what the build, ``invoke check`` and the plugins share: the content rules
(``passaparola.rules``), translations (``passaparola.i18n``) and the build driver
(``passaparola.build.driver``). Plugins under ``plugins/`` may import it; it imports no plugin.
"""
