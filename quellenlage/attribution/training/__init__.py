"""Training the learned attribution tagger (`quellenlage train attribution`): corpus readers (`corpora`), token
features (`features`) and the seeded fit that writes a model folder (`fit`). A tool, not a per-article stage:
the pipeline only loads what `fit` wrote (quellenlage.attribution.learned)."""
