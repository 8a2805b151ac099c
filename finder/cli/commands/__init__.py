"""One module per subcommand: ``configure(parser)`` adds its options, ``run(args)`` returns an exit code.

Keep module-level imports to the standard library and ``finder.i18n``/``finder.errors``: the parser
imports every command module at start-up, so anything heavy belongs inside ``run``.
"""
