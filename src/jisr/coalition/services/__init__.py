"""Every write of the coalition, one module per part: validated, one transaction, audited.

An action an organization takes is a service given the ``delegate`` that acts; it calls
``acting.check_may_act`` first and records both the organization and the delegate.
"""
